/**
 * A salon's clients. A client with an email also has an email item (`CLIENTEMAIL#<hash>`, one client
 * per email and salon) written and removed in the same transaction as the client, and GSI1 keys for
 * lookup by exact email. Clients count against the plan's `maxClients`: the usage counter moves in the
 * same transaction, bounded by the limit read from the tenant, which a condition checks is unchanged.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { StaleReadError, step, transact } from '../db/transact';
import { CLIENT_PREFIX, clientEmailLookupKeys, clientKey, subjectKeyKey, tenantMetaKey, tenantPk } from '../db/keys';
import { totalsCount } from '../entities/usage';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import type { CreateClientInput, UpdateClientInput } from '../domain/client-input';
import { normalizeEmail } from '../domain/email';
import { createFirstKey, keyring } from '../crypto/keyring';
import { isDeleted, salonLimit, salonLocale, salonPlan, salonTimezone } from '../entities/salon';
import { normalizePhone, phoneOrThrow, regionOfLocale } from '../domain/phone';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, NotFoundError } from '../errors';
import type { RecordFor } from './idempotency';
import { newId } from './ids';
import { type CursorRule, InvalidCursorError, type Page, decodeCursor, encodeCursor, equals, idUnder } from './pagination';
import { planLimitError } from './usage';
import { patchOr404 } from './guarded-update';
import { newClientDelta } from '../domain/analytics';
import { localParts } from '../domain/zoned-time';
import { dailyStatsSteps } from '../entities/daily-stats';
import { readItem } from './tenant-items';
import {
  CLIENT_OPTIONAL,
  type Client,
  newClientSteps,
  clientEmailChangeSteps,
  clientKeyVersions,
  clientRemovalSteps,
  emailIndexes,
  sealClientFields,
  storedEmailOf,
  toClient,
  toClientPlain,
} from '../entities/client';
import { callerStep, guardSteps, salonLimitStep } from './write-guard';
import { auditStep } from '../entities/audit';
import { changesOf } from '../domain/audit';
import { FieldCipher } from '../crypto/fields';
import { type SubjectSealer, seal } from '../crypto/subject-keys';
import { newSubjectKeyStep, readSubjectKey, sealerOf, subjectKeyItem } from '../entities/subject-key';
import { batchGetAll } from '../db/read';
import { type Item, optStr } from '../entities/codec';

/** The client's audit sealer (one Get); undefined for a client from before subject keys: its values are redacted. */
async function subjectSealer(ctx: TenantContext, clientId: string): Promise<SubjectSealer | undefined> {
  return sealerFrom(ctx, await readSubjectKey(tenantDb(ctx), tableName(), ctx.tenantId, clientId));
}

async function sealerFrom(ctx: TenantContext, item: Item | undefined): Promise<SubjectSealer | undefined> {
  if (!item) return undefined;
  const wrapped = optStr(item, 'wrappedKey');
  const version = wrapped === undefined ? undefined : FieldCipher.versionOf(wrapped);
  return sealerOf(item, await keyring().cipherFor(ctx.tenantId, { versions: version ? [version] : [] }), ctx.tenantId);
}

/** The client (404 without it) and its audit sealer, in one consistent BatchGet: both sit in the salon's partition. */
async function readClientAndSealer(
  ctx: TenantContext,
  clientId: string,
): Promise<{ stored: Item; sealer: SubjectSealer | undefined }> {
  const key = clientKey(ctx.tenantId, clientId);
  const keyOfSubject = subjectKeyKey(ctx.tenantId, clientId);
  const found = await batchGetAll(tenantDb(ctx), [key, keyOfSubject], { consistent: true });
  const stored = found.find((i) => i.SK === key.SK);
  if (!stored) throw new NotFoundError();
  return { stored, sealer: await sealerFrom(ctx, subjectKeyItem(found.find((i) => i.SK === keyOfSubject.SK))) };
}

const sealWith = (sealer: SubjectSealer | undefined) => sealer && ((field: string, value: unknown) => seal(sealer, field, value));

export type { Client } from '../entities/client';
export { toClient } from '../entities/client';

/** The salon's field cipher for a write (its data key created first if it has none yet). */
const writeCipher = (ctx: TenantContext) => keyring().cipherFor(ctx.tenantId, { create: createFirstKey });
/** The salon's field cipher for reading these stored clients. */
const readCipher = (ctx: TenantContext, items: ReadonlyArray<Record<string, unknown>>) =>
  keyring().cipherFor(ctx.tenantId, { versions: clientKeyVersions(items) });

const emailTaken = (email: string) =>
  new ConflictError('Another client of this salon has this email address.', { email }, 'CLIENT_EMAIL_TAKEN');
const changedMeanwhile = () => new ConflictError('The client changed meanwhile; read it again and retry.');
/** Attempts of a read-then-transact write before answering 409 (the item kept changing under us). */
const ATTEMPTS = 3;

/** Get tenant (limit) + one transaction: guard, client, counter, tenant check, email item, idempotency record. */
export async function createClient(ctx: TenantContext, input: CreateClientInput, recordFor?: RecordFor): Promise<Client> {
  const table = tableName();
  const db = tenantDb(ctx);
  const tenant = (await db.send(new GetCommand({ TableName: table, Key: tenantMetaKey(ctx.tenantId), ConsistentRead: true })))
    .Item;
  if (!tenant || isDeleted(tenant)) throw new NotFoundError();
  const limit = salonLimit(tenant, 'maxClients');
  const cipher = await writeCipher(ctx);

  const now = new Date().toISOString();
  const clientId = newId();
  const email = input.email === undefined ? undefined : normalizeEmail(input.email);
  const phone = input.phone === undefined ? undefined : phoneOrThrow(input.phone, regionOfLocale(salonLocale(tenant)));
  const client = toClientPlain({ ...input, email, phone, clientId, createdAt: now, updatedAt: now });
  const subject = newSubjectKeyStep(table, cipher, ctx.tenantId, clientId, now);
  await transact(db, [
    callerStep(ctx),
    salonLimitStep(ctx, 'maxClients', limit),
    ...newClientSteps(table, cipher, ctx.tenantId, client, limit, {
      emailTaken: () => emailTaken(String(email)),
      limitReached: async () => {
        const clients = await totalsCount(db, ctx.tenantId, 'clients', limit);
        return planLimitError(salonPlan(tenant), 'maxClients', limit, clients);
      },
    }),
    auditStep(ctx, {
      action: 'create',
      resource: 'client',
      resourceId: clientId,
      changes: changesOf(ctx.tenantId, 'client', undefined, { ...client }, { seal: sealWith(subject.sealer) }),
    }),
    subject.step,
    ...(recordFor ? [step('idempotency', recordFor(client))] : []),
    // One new client on the salon's date (analytics): no condition, never the answer.
    ...dailyStatsSteps(table, ctx.tenantId, newClientDelta(localParts(new Date(now), salonTimezone(tenant)).date)),
  ]);
  return client;
}

/** The phone in E.164: international numbers need no read; a national one is read in the salon's country (one Get). */
async function e164For(ctx: TenantContext, phone: string): Promise<string> {
  const international = normalizePhone(phone);
  if (international.ok) return international.e164;
  if (international.reason === 'impossible') return phoneOrThrow(phone, undefined);
  const salon = await readItem(tenantDb(ctx), tenantMetaKey(ctx.tenantId));
  return phoneOrThrow(phone, regionOfLocale(salonLocale(salon)));
}

const readClient = (ctx: TenantContext, clientId: string) => readItem(tenantDb(ctx), clientKey(ctx.tenantId, clientId));

/** One Get. */
export async function getClient(ctx: TenantContext, clientId: string): Promise<Client> {
  const item = await readClient(ctx, clientId);
  return toClient(item, await readCipher(ctx, [item]));
}

/**
 * One Query: the salon's clients in creation order, or (with `email`) the one client with that exact
 * email (GSI1). While the salon switches lookup schemes a client's GSI1 key is under one of the email's
 * two keys: the keyed one is asked first, the plain one when it finds nothing (a cursor names its own).
 */
export async function listClients(
  ctx: TenantContext,
  page: { limit: number; cursor?: string },
  filter: { email?: string | undefined } = {},
): Promise<Page<Client>> {
  const table = tableName();
  const db = tenantDb(ctx);
  if (filter.email !== undefined) {
    const { gsi1 } = TABLE.indexes;
    const partitions = emailIndexes(await keyring().cipherFor(ctx.tenantId), filter.email).map(
      (hash) => clientEmailLookupKeys(ctx.tenantId, hash, 'x').GSI1PK,
    );
    const rule = (pk: string) => ({
      [TABLE.partitionKey]: equals(tenantPk(ctx.tenantId)),
      [TABLE.sortKey]: idUnder(CLIENT_PREFIX),
      [gsi1.partitionKey]: equals(pk),
      [gsi1.sortKey]: idUnder(CLIENT_PREFIX),
    });
    const started = page.cursor === undefined ? undefined : cursorPartition(page.cursor, partitions, rule);
    for (const pk of started ? [started] : partitions) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: gsi1.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': gsi1.partitionKey },
          ExpressionAttributeValues: { ':pk': pk },
          Limit: page.limit,
          // An index page's key: the item's base keys and its GSI1 keys.
          ExclusiveStartKey: decodeCursor(page.cursor, rule(pk)),
        }),
      );
      const items = out.Items ?? [];
      if (items.length === 0 && out.LastEvaluatedKey === undefined && pk !== partitions.at(-1)) continue;
      const cipher = await readCipher(ctx, items);
      return { items: items.map((i) => toClient(i, cipher)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
    }
    return { items: [], nextCursor: null };
  }
  const pk = tenantPk(ctx.tenantId);
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': CLIENT_PREFIX },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { [TABLE.partitionKey]: equals(pk), [TABLE.sortKey]: idUnder(CLIENT_PREFIX) }),
    }),
  );
  const items = out.Items ?? [];
  const cipher = await readCipher(ctx, items);
  return { items: items.map((i) => toClient(i, cipher)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

/** Which of the email's GSI1 partitions a cursor continues; the first when none fits (its decoding then answers 400). */
function cursorPartition(
  cursor: string,
  partitions: ReadonlyArray<string>,
  rule: (pk: string) => CursorRule,
): string | undefined {
  for (const pk of partitions) {
    try {
      decodeCursor(cursor, rule(pk));
      return pk;
    } catch (err) {
      if (!(err instanceof InvalidCursorError)) throw err;
    }
  }
  return partitions[0];
}

/**
 * Without an email change: Get, then one transaction (guard, the update on condition the fields it
 * changes are as read, the entry from → to; guarded-update.ts). With one: Get, then one transaction that
 * also moves the email item, on condition the email is the one read.
 */
export async function updateClient(ctx: TenantContext, clientId: string, patch: UpdateClientInput): Promise<Client> {
  const table = tableName();
  const db = tenantDb(ctx);
  const key = clientKey(ctx.tenantId, clientId);
  const now = new Date().toISOString();
  const { email: emailPatch, ...rest } = patch;
  if (typeof rest.phone === 'string') rest.phone = await e164For(ctx, rest.phone);
  if (emailPatch === undefined) {
    const [cipher, sealer] = await Promise.all([writeCipher(ctx), subjectSealer(ctx, clientId)]);
    const { written } = await patchOr404(ctx, 'client', key, sealClientFields(cipher, clientId, { ...rest, updatedAt: now }), {
      more: async (read) => [
        auditStep(ctx, {
          action: 'update',
          resource: 'client',
          resourceId: clientId,
          changes: changesOf(ctx.tenantId, 'client', { ...toClient(read, await readCipher(ctx, [read])) }, rest, {
            partial: true,
            seal: sealWith(sealer),
          }),
        }),
      ],
    });
    return toClient(written, await readCipher(ctx, [written]));
  }
  const newEmail = emailPatch === null ? undefined : normalizeEmail(emailPatch);
  // The sealer is read with the client the first time; a retry after a stale read reads the client alone.
  let sealer: SubjectSealer | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let stored: Item;
    if (attempt === 0) ({ stored, sealer } = await readClientAndSealer(ctx, clientId));
    else stored = await readClient(ctx, clientId);
    const readWith = await keyring().cipherFor(ctx.tenantId, { create: createFirstKey, versions: clientKeyVersions([stored]) });
    const current: Record<string, unknown> = { ...toClient(stored, readWith) };
    const oldEmail = storedEmailOf(stored, readWith);
    try {
      await transact(db, [
        ...guardSteps(ctx),
        ...clientEmailChangeSteps(
          table,
          readWith,
          ctx.tenantId,
          clientId,
          { ...rest, updatedAt: now },
          oldEmail,
          newEmail,
          {
            changed: () => new StaleReadError('client'),
            emailTaken: () => emailTaken(String(newEmail)),
          },
          stored,
        ),
        auditStep(ctx, {
          action: 'update',
          resource: 'client',
          resourceId: clientId,
          changes: changesOf(
            ctx.tenantId,
            'client',
            current,
            { ...rest, email: newEmail ?? null },
            { partial: true, seal: sealWith(sealer) },
          ),
        }),
      ]);
    } catch (err) {
      if (err instanceof StaleReadError) continue;
      throw err;
    }
    const merged: Record<string, unknown> = { ...current, ...rest, updatedAt: now };
    for (const field of CLIENT_OPTIONAL) if (merged[field] === null) delete merged[field];
    if (newEmail) merged.email = newEmail;
    else delete merged.email;
    return toClientPlain(merged);
  }
  throw changedMeanwhile();
}

/** Get (for the email), then one transaction: guard, the client, its email item, the counter given back. */
export async function deleteClient(ctx: TenantContext, clientId: string): Promise<void> {
  const table = tableName();
  const db = tenantDb(ctx);
  let sealer: SubjectSealer | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let current: Item;
    if (attempt === 0) ({ stored: current, sealer } = await readClientAndSealer(ctx, clientId));
    else current = await readClient(ctx, clientId);
    const cipher = await readCipher(ctx, [current]);
    const email = storedEmailOf(current, cipher);
    try {
      await transact(db, [
        ...guardSteps(ctx),
        ...clientRemovalSteps(table, cipher, ctx.tenantId, clientId, email, () => new StaleReadError('client')),
        auditStep(ctx, {
          action: 'delete',
          resource: 'client',
          resourceId: clientId,
          changes: changesOf(ctx.tenantId, 'client', current, undefined, { seal: sealWith(sealer) }),
        }),
      ]);
      return;
    } catch (err) {
      if (err instanceof StaleReadError) continue;
      throw err;
    }
  }
  throw changedMeanwhile();
}
