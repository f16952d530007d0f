/**
 * A client's rights: the export of everything the salon holds about one person, and their erasure.
 *
 * Export: one transaction (the caller's role, the client's existence, the `export` audit entry), then
 * reads: the client, their appointments (GSI3), files (with short-lived download links), the messages
 * sent to them, and the audit entries about them with their sealed values opened under the subject key.
 *
 * Erasure: a resumable sequence recorded in `ERASURE#<clientId>`. Its first transaction takes the
 * person out at once: the client item, the email index item (the address is free again), the booker
 * item and the subject key (audit entries about them become unreadable), with the `erase` audit entry
 * naming only the client's id, and the erasure item in state `erasing`. Without the client item every
 * write that names the client (bookings, files, patches) fails its own condition, so nothing new lands
 * on them. Then each phase (domain/client-rights.ts) walks its items a page at a time; a page is one
 * transaction with the caller's role and the erasure's page counter, so two runners never apply the
 * same page twice and each page is authorized. A run that hits its time budget answers `erasing`; the
 * next call resumes. Once done, the erasure item keeps only ids, dates and counts.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FieldCipher } from '../crypto/fields';
import { type KeyCreator, createFirstKey, keyring } from '../crypto/keyring';
import type { SubjectSealer } from '../crypto/subject-keys';
import { tableName } from '../db/client';
import {
  OUTBOX_PREFIX,
  appointmentKey,
  auditResourcePk,
  bookerKey,
  clientKey,
  clientTimelinePk,
  erasureKey,
  tenantPk,
} from '../db/keys';
import { batchGetAll, queryAll } from '../db/read';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import { type AuditEntry, REDACTED, isSealed, mapChangeValues } from '../domain/audit';
import {
  APPOINTMENT_PERSONAL_FIELDS,
  ERASED_RECIPIENT,
  type ErasureAnswer,
  type ErasureCounts,
  type ErasurePhase,
  appointmentOfMessage,
  contactSet,
  messageConcerns,
  nextPhase,
  recordNames,
} from '../domain/client-rights';
import { DOWNLOAD_EXPIRY_SECONDS } from '../domain/files';
import type { TenantContext } from '../domain/tenant-context';
import {
  type Appointment,
  type PendingClient,
  appointmentErasureStep,
  pendingClientOf,
  toAppointment,
} from '../entities/appointment';
import { auditChanges, auditStep, toAuditEntry } from '../entities/audit';
import { bookerDelete } from '../entities/booker';
import {
  type Client,
  type NotificationPreferences,
  clientField,
  clientRemovalSteps,
  bookerIndex,
  storedEmailOf,
  toClient,
} from '../entities/client';
import { type Item, isMap, optStr, str } from '../entities/codec';
import { FILE_PREFIX, type StoredFile, fileDeleteStep, storageReleaseStep, toFile } from '../entities/file';
import { readSubjectKey, sealerOf, subjectKeyDelete } from '../entities/subject-key';
import { type Erasure, erasureAnswer, erasureContacts, erasureProgress, erasureStart, toErasure } from '../entities/erasure';
import { NotFoundError } from '../errors';
import { tenantLinks, tenantObjects } from '../files/objects';
import { outboxErase, recipientRef } from '../entities/outbox';
import { callerStep, guardSteps } from './write-guard';
import { IDEMPOTENCY_PREFIX, idempotencyRecordAnswer, idempotencyRecordDelete, idempotencyRecordKey } from './idempotency';

// ---------------------------------------------------------------------------------------------- export

export interface ExportedFile extends StoredFile {
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

export interface ExportedMessage {
  messageId: string;
  channel: string;
  template: string;
  to: string | null;
  status: string;
  createdAt: string;
  data: Record<string, string>;
}

export type ExportedAppointment = Appointment & { pendingClient?: PendingClient };

export interface ClientExport {
  exportedAt: string;
  client: Client;
  preferences: NotificationPreferences;
  appointments: ExportedAppointment[];
  files: ExportedFile[];
  messages: ExportedMessage[];
  /** Audit entries about the client, newest first, with their personal values opened (redacted when the client has no subject key). */
  auditTrail: AuditEntry[];
}

/** Message data keys that carry a secret link (a manage or confirm token): never exported. */
const SECRET_DATA = /url$/i;

const versionsOf = (values: ReadonlyArray<unknown>): number[] =>
  values.flatMap((v) => {
    const version = typeof v === 'string' ? FieldCipher.versionOf(v) : undefined;
    return version === undefined ? [] : [version];
  });

const storedValues = (item: Item): unknown[] => {
  const pending = isMap(item.pendingClient) ? item.pendingClient : {};
  return [item.email, item.phone, item.notes, item.to, item.wrappedKey, pending.email, pending.phone];
};

async function cipherFor(ctx: TenantContext, items: ReadonlyArray<Item>, create?: KeyCreator): Promise<FieldCipher> {
  return keyring().cipherFor(ctx.tenantId, {
    ...(create ? { create } : {}),
    versions: items.flatMap((i) => versionsOf(storedValues(i))),
  });
}

const outboxQuery = (ctx: TenantContext) => ({
  TableName: tableName(),
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(ctx.tenantId), ':prefix': OUTBOX_PREFIX },
});

const clientAppointmentsQuery = (ctx: TenantContext, clientId: string) => {
  const { gsi3 } = TABLE.indexes;
  return {
    TableName: tableName(),
    IndexName: gsi3.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': gsi3.partitionKey },
    ExpressionAttributeValues: { ':pk': clientTimelinePk(ctx.tenantId, clientId) },
  };
};

const clientFilesQuery = (ctx: TenantContext, clientId: string) => ({
  TableName: tableName(),
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  FilterExpression: 'clientId = :client',
  ExpressionAttributeValues: { ':pk': tenantPk(ctx.tenantId), ':prefix': FILE_PREFIX, ':client': clientId },
});

/** A message's recipient in plain, or undefined (erased, or not readable with this salon's keys). */
function recipientOf(cipher: FieldCipher, item: Item): string | undefined {
  const to = optStr(item, 'to');
  const messageId = optStr(item, 'messageId');
  if (to === undefined || messageId === undefined || item.erased === true) return undefined;
  try {
    return cipher.decrypt(recipientRef(messageId), to);
  } catch {
    return undefined;
  }
}

/** The entry with its sealed values opened (or redacted without the key). */
function openedEntry(item: Item, sealer: SubjectSealer | undefined): AuditEntry {
  const entry = toAuditEntry(item);
  const open = (field: string, v: unknown) => {
    if (!isSealed(v)) return v;
    if (!sealer) return REDACTED;
    try {
      return sealer.open(field, v);
    } catch {
      return REDACTED;
    }
  };
  const changes = mapChangeValues(auditChanges(item), open);
  return { ...entry, changes };
}

/** One transaction (caller, client, audit entry), then the reads. 404 for a missing, erased or other salon's client. */
export async function exportClient(ctx: TenantContext, clientId: string): Promise<ClientExport> {
  const db = tenantDb(ctx);
  const table = tableName();
  await transact(db, [
    callerStep(ctx),
    step(
      'client',
      {
        ConditionCheck: { TableName: table, Key: clientKey(ctx.tenantId, clientId), ConditionExpression: 'attribute_exists(PK)' },
      },
      () => new NotFoundError(),
    ),
    auditStep(ctx, { action: 'export', resource: 'client', resourceId: clientId }),
  ]);
  const [clientRead, keyItem, appointmentItems, fileItems, outboxItems, auditItems] = await Promise.all([
    db.send(new GetCommand({ TableName: table, Key: clientKey(ctx.tenantId, clientId), ConsistentRead: true })),
    readSubjectKey(db, table, ctx.tenantId, clientId),
    queryAll(db, clientAppointmentsQuery(ctx, clientId)),
    queryAll(db, clientFilesQuery(ctx, clientId)),
    queryAll(db, outboxQuery(ctx)),
    queryAll(db, {
      TableName: table,
      IndexName: TABLE.indexes.gsi1.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.indexes.gsi1.partitionKey },
      ExpressionAttributeValues: { ':pk': auditResourcePk(ctx.tenantId, 'client', clientId) },
      ScanIndexForward: false,
    }),
  ]);
  const clientItem = clientRead.Item;
  // Erased between the check and the read.
  if (!clientItem) throw new NotFoundError();
  const cipher = await cipherFor(ctx, [clientItem, ...appointmentItems, ...outboxItems, ...(keyItem ? [keyItem] : [])]);
  const client = toClient(clientItem, cipher);
  const sealer = keyItem ? sealerOf(keyItem, cipher, ctx.tenantId) : undefined;
  const appointments: ExportedAppointment[] = appointmentItems.map((item) => {
    const pendingClient = pendingClientOf(item, cipher);
    return { ...toAppointment(item, cipher), ...(pendingClient ? { pendingClient } : {}) };
  });
  const links = tenantLinks(ctx);
  const files = await Promise.all(
    fileItems.map(async (item): Promise<ExportedFile> => {
      const file = toFile(item);
      if (file.status !== 'ready') return { ...file, downloadUrl: null, downloadExpiresAt: null };
      const downloadUrl = await links.downloadUrl({
        key: file.objectKey,
        expiresInSeconds: DOWNLOAD_EXPIRY_SECONDS,
        fileName: file.fileName,
      });
      return { ...file, downloadUrl, downloadExpiresAt: new Date(Date.now() + DOWNLOAD_EXPIRY_SECONDS * 1000).toISOString() };
    }),
  );
  const subject = {
    clientId,
    appointmentIds: new Set(appointments.map((a) => a.appointmentId)),
    contacts: contactSet([client.email, client.phone]),
  };
  const messages: ExportedMessage[] = [];
  for (const item of outboxItems) {
    const to = recipientOf(cipher, item);
    if (!messageConcerns({ messageId: str(item, 'message', 'messageId'), clientId: optStr(item, 'clientId'), to }, subject))
      continue;
    const data = isMap(item.data) ? item.data : {};
    messages.push({
      messageId: str(item, 'message', 'messageId'),
      channel: optStr(item, 'channel') ?? 'email',
      template: str(item, 'message', 'template'),
      to: to ?? null,
      status: str(item, 'message', 'status'),
      createdAt: str(item, 'message', 'createdAt'),
      data: Object.fromEntries(
        Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && !SECRET_DATA.test(e[0])),
      ),
    });
  }
  return {
    exportedAt: new Date().toISOString(),
    client,
    preferences: client.notifications,
    appointments,
    files,
    messages,
    auditTrail: auditItems.map((item) => openedEntry(item, sealer)),
  };
}

// ---------------------------------------------------------------------------------------------- erasure

/** How long one call works before answering `erasing` (functions have 10 s; the rest is margin). */
export const ERASE_BUDGET_MS = 6_000;
const APPOINTMENTS_PAGE = 25;
const FILES_PAGE = 25;
const MESSAGES_PAGE = 80;
const RECORDS_PAGE = 90;

async function readErasure(ctx: TenantContext, clientId: string): Promise<Erasure | undefined> {
  const out = await tenantDb(ctx).send(
    new GetCommand({ TableName: tableName(), Key: erasureKey(ctx.tenantId, clientId), ConsistentRead: true }),
  );
  return toErasure(out.Item);
}

/**
 * The first transaction: guard (caller and salon), the client and its email item and place in
 * `maxClients`, the booker item, the subject key, the erasure item, the `erase` entry (ids only).
 * A client already deleted (no item) but still holding a subject key is erased all the same (its
 * appointments and audit entries remain); with neither, 404.
 */
async function startErasure(ctx: TenantContext, clientId: string): Promise<void> {
  const db = tenantDb(ctx);
  const table = tableName();
  const [clientRead, keyItem] = await Promise.all([
    db.send(new GetCommand({ TableName: table, Key: clientKey(ctx.tenantId, clientId), ConsistentRead: true })),
    readSubjectKey(db, table, ctx.tenantId, clientId),
  ]);
  const client = clientRead.Item?.[TABLE.entityAttribute] === 'client' ? clientRead.Item : undefined;
  if (!client && !keyItem) throw new NotFoundError();
  const cipher = await cipherFor(ctx, client ? [client] : [], createFirstKey);
  const email = client ? storedEmailOf(client, cipher) : undefined;
  const phone = client ? clientField(client, cipher, 'phone') : undefined;
  const now = new Date().toISOString();
  await transact(db, [
    ...guardSteps(ctx),
    ...(client ? clientRemovalSteps(table, cipher, ctx.tenantId, clientId, email, () => new StaleReadError('client')) : []),
    ...(email ? [bookerDelete(table, bookerKey(ctx.tenantId, bookerIndex(cipher, email.plain)))] : []),
    subjectKeyDelete(table, ctx.tenantId, clientId),
    erasureStart(table, ctx.tenantId, {
      clientId,
      contacts: { email: email?.plain, phone },
      cipher,
      requestedBy: ctx.userId,
      now,
    }),
    auditStep(ctx, { action: 'erase', resource: 'client', resourceId: clientId }),
  ]);
}

type PageResult = {
  writes: Step[];
  next: { phase: ErasurePhase; cursor?: Record<string, unknown> };
  add: Partial<ErasureCounts>;
  before?: () => Promise<void>;
};

const after = (e: Erasure, last: Record<string, unknown> | undefined) =>
  last ? { phase: e.phase, cursor: last } : { phase: nextPhase(e.phase) };

const gone = () => new StaleReadError('erased item');

async function appointmentsPage(ctx: TenantContext, e: Erasure): Promise<PageResult> {
  const out = await tenantDb(ctx).send(
    new QueryCommand({ ...clientAppointmentsQuery(ctx, e.clientId), Limit: APPOINTMENTS_PAGE, ExclusiveStartKey: e.cursor }),
  );
  const writes: Step[] = [];
  for (const item of out.Items ?? []) {
    const personal = [...APPOINTMENT_PERSONAL_FIELDS, 'bookerKey'].filter((f) => item[f] !== undefined);
    if (item.clientErased === true && personal.length === 0) continue;
    const key = appointmentKey(ctx.tenantId, str(item, 'appointment', 'appointmentId'));
    writes.push(appointmentErasureStep(tableName(), key, personal, gone));
  }
  return { writes, next: after(e, out.LastEvaluatedKey), add: { appointments: writes.length } };
}

async function filesPage(ctx: TenantContext, e: Erasure): Promise<PageResult> {
  const out = await tenantDb(ctx).send(
    new QueryCommand({ ...clientFilesQuery(ctx, e.clientId), Limit: FILES_PAGE, ExclusiveStartKey: e.cursor }),
  );
  const files = (out.Items ?? []).map(toFile);
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  // The bytes given back are the ones read (a resize meanwhile: read again).
  const writes = files.map((f) => fileDeleteStep(tableName(), ctx.tenantId, f.fileId, f.size, gone));
  if (bytes > 0) writes.push(storageReleaseStep(ctx.tenantId, bytes));
  const objects = tenantObjects(ctx);
  return {
    writes,
    next: after(e, out.LastEvaluatedKey),
    add: { files: files.length },
    // Objects first: a failure leaves the item, and the next run deletes the (absent) object again.
    before: async () => {
      for (const f of files) await objects.remove(f.objectKey);
    },
  };
}

async function messagesPage(ctx: TenantContext, e: Erasure): Promise<PageResult> {
  const db = tenantDb(ctx);
  const out = await db.send(new QueryCommand({ ...outboxQuery(ctx), Limit: MESSAGES_PAGE, ExclusiveStartKey: e.cursor }));
  const items = (out.Items ?? []).filter((i) => i.erased !== true);
  const cipher = await keyring().cipherFor(ctx.tenantId, {
    versions: versionsOf([...items.map((i) => i.to), e.contacts]),
  });
  const { email, phone } = erasureContacts(cipher, e);
  // Which of the appointments these messages are about belong to the client (one BatchGet).
  const ids = [...new Set(items.flatMap((i) => appointmentOfMessage(str(i, 'message', 'messageId')) ?? []))];
  const appointments = ids.length
    ? await batchGetAll(
        db,
        ids.map((id) => appointmentKey(ctx.tenantId, id)),
        { projection: { expression: 'appointmentId, clientId' } },
      )
    : [];
  const subject = {
    clientId: e.clientId,
    appointmentIds: new Set(appointments.filter((a) => a.clientId === e.clientId).map((a) => String(a.appointmentId))),
    contacts: contactSet([email, phone]),
  };
  const writes: Step[] = [];
  for (const item of items) {
    const messageId = str(item, 'message', 'messageId');
    if (!messageConcerns({ messageId, clientId: optStr(item, 'clientId'), to: recipientOf(cipher, item) }, subject)) continue;
    const key = { PK: str(item, 'message', 'PK'), SK: str(item, 'message', 'SK') };
    writes.push(step('message', outboxErase(tableName(), key, optStr(item, 'status'), ERASED_RECIPIENT), gone));
  }
  return { writes, next: after(e, out.LastEvaluatedKey), add: { messages: writes.length } };
}

/** Stored answers of creates (Idempotency-Key) that hold the client: deleted, their replay would hand the data back. */
async function recordsPage(ctx: TenantContext, e: Erasure): Promise<PageResult> {
  const out = await tenantDb(ctx).send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': tenantPk(ctx.tenantId), ':prefix': IDEMPOTENCY_PREFIX },
      Limit: RECORDS_PAGE,
      ExclusiveStartKey: e.cursor,
    }),
  );
  const writes = (out.Items ?? [])
    .filter((i) => recordNames(idempotencyRecordAnswer(i), e.clientId))
    .map((i) => step('record', idempotencyRecordDelete(tableName(), idempotencyRecordKey(i))));
  return { writes, next: after(e, out.LastEvaluatedKey), add: { records: writes.length } };
}

const PAGES: Record<Exclude<ErasurePhase, 'done'>, (ctx: TenantContext, e: Erasure) => Promise<PageResult>> = {
  appointments: appointmentsPage,
  files: filesPage,
  messages: messagesPage,
  records: recordsPage,
};

/**
 * Erases the client, or resumes their erasure: 'erased' once every phase is done (a second call answers
 * the same and writes nothing), 'erasing' when the time budget ran out first (call again).
 */
export async function eraseClient(ctx: TenantContext, clientId: string, budgetMs = ERASE_BUDGET_MS): Promise<ErasureAnswer> {
  const deadline = Date.now() + budgetMs;
  let erasure = await readErasure(ctx, clientId);
  for (let attempt = 0; !erasure; attempt++) {
    try {
      await startErasure(ctx, clientId);
    } catch (err) {
      if (!(err instanceof StaleReadError) || attempt >= 2) throw err;
    }
    erasure = await readErasure(ctx, clientId);
  }
  // At least one page per call, so a caller with no budget left still moves the erasure on.
  for (let first = true; erasure.phase !== 'done' && (first || Date.now() < deadline); first = false) {
    const page = await PAGES[erasure.phase](ctx, erasure);
    await page.before?.();
    try {
      await transact(tenantDb(ctx), [
        callerStep(ctx),
        ...page.writes,
        erasureProgress(tableName(), erasureKey(ctx.tenantId, clientId), erasure, page.next, page.add),
      ]);
    } catch (err) {
      if (!(err instanceof StaleReadError)) throw err;
    }
    const read = await readErasure(ctx, clientId);
    if (!read) throw new Error('The erasure item vanished');
    erasure = read;
  }
  return erasureAnswer(erasure);
}
