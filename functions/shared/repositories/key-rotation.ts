/**
 * Rotation of a salon's data key, on demand (an owner, `POST .../keys/rotate`) or on a schedule (keys
 * older than KEY_ROTATION_MAX_AGE_DAYS), and what `GET .../keys` shows. A rotation is one transaction:
 * the new version, the previous one leaving the queue of key ages, a new re-encryption job (refused while
 * the previous job is not done: one rotation at a time, so "older than the target" stays one set of
 * versions the job can prove unused), the audit entry, and for a member the guard re-checking their role.
 * KMS GenerateDataKey runs before it; a transaction that fails only wastes that data key.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db/client';
import { CURRENT_KEY_QUEUE, OPEN_REENCRYPTION_QUEUE, tenantMetaKey } from '../db/keys';
import { queryPages } from '../db/read';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import { type Step, step, transact } from '../db/transact';
import { INDEX_ROOT_VERSION, KEY_ROTATION_MAX_AGE_DAYS, dueBefore, quietAfter, rotationDue } from '../domain/key-rotation';
import type { TenantContext } from '../domain/tenant-context';
import { KEYRING_TTL_MS, type Keyring, createFirstKey, generateKey, keyring } from '../crypto/keyring';
import { type DriveState, driveReencryption, readReencryptionJob } from '../crypto/reencryption';
import { type AuditOrigin, auditStep } from '../entities/audit';
import { type ReencryptionJob, newReencryptionJob, reencryptionJobStart } from '../entities/reencryption-job';
import { isDeleted, salonPlan } from '../entities/salon';
import { currentVersion, readTenantKeys, tenantKeyPut, tenantKeySuperseded } from '../entities/tenant-key';
import { ConflictError, NotFoundError } from '../errors';
import type { RecordFor } from './idempotency';
import { guardSteps } from './write-guard';
import { str } from '../entities/codec';

export class ReencryptionRunningError extends ConflictError {
  constructor(job: { targetVersion: number; phase: string }) {
    super(
      'The previous rotation is still re-encrypting this salon; rotate again once it is done.',
      { targetVersion: job.targetVersion, phase: job.phase },
      'REENCRYPTION_RUNNING',
    );
  }
}

class RotatedMeanwhile extends ConflictError {
  constructor() {
    super('The key was rotated by another request meanwhile.', undefined, 'KEY_ROTATED');
  }
}

export interface KeyVersionView {
  version: number;
  createdAt: string;
  current: boolean;
  /** Version 1: the salon's blind index derives from it, so it is kept. */
  indexRoot: boolean;
}

export interface ReencryptionView {
  targetVersion: number;
  phase: ReencryptionJob['phase'];
  pass: number;
  startedAt: string;
  updatedAt: string;
  /** Before this instant a container may still write under the previous version; the proving pass starts after. */
  quietAfter: string;
  finishedAt: string | null;
  scanned: number;
  rewritten: number;
  /** Values under older versions the current (or last) pass met. */
  oldValues: number;
  deletedVersions: number[];
}

export interface KeyStatus {
  currentVersion: number;
  versions: KeyVersionView[];
  /** When the schedule rotates the current version. */
  rotationDueAt: string;
  reencryption: ReencryptionView | null;
}

const viewOf = (job: ReencryptionJob): ReencryptionView => ({
  targetVersion: job.targetVersion,
  phase: job.phase,
  pass: job.pass,
  startedAt: job.startedAt,
  updatedAt: job.updatedAt,
  quietAfter: job.quietAfter,
  finishedAt: job.finishedAt ?? null,
  scanned: job.scanned,
  rewritten: job.rewritten,
  oldValues: job.passOldValues,
  deletedVersions: job.deletedVersions,
});

async function statusOf(db: DynamoDBDocumentClient, table: string, tenantId: string): Promise<KeyStatus> {
  const [keys, job] = await Promise.all([readTenantKeys(db, table, tenantId), readReencryptionJob(db, table, tenantId)]);
  const current = currentVersion(keys);
  const currentKey = keys.find((k) => k.version === current);
  if (current === undefined || !currentKey) throw new NotFoundError('This salon has no data key yet.');
  return {
    currentVersion: current,
    versions: keys.map((k) => ({
      version: k.version,
      createdAt: k.createdAt,
      current: k.version === current,
      indexRoot: k.version === INDEX_ROOT_VERSION,
    })),
    rotationDueAt: new Date(new Date(currentKey.createdAt).getTime() + KEY_ROTATION_MAX_AGE_DAYS * 86_400_000).toISOString(),
    reencryption: job ? viewOf(job) : null,
  };
}

/** `GET .../keys`: versions, the current one, and the re-encryption's progress. */
export async function tenantKeyStatus(ctx: TenantContext): Promise<KeyStatus> {
  const db = tenantDb(ctx);
  // A salon from before data keys gets its first one here, as on its first write.
  await keyring().cipherFor(ctx.tenantId, { create: createFirstKey });
  return statusOf(db, tableName(), ctx.tenantId);
}

interface Rotation {
  tenantId: string;
  db: DynamoDBDocumentClient;
  ring: Keyring;
  /** The member's guard steps, or the system's check that the salon is live. */
  guard: Step[];
  origin: AuditOrigin | TenantContext;
  recordFor?: (() => ReturnType<RecordFor>) | undefined;
  now: Date;
}

async function rotate(r: Rotation): Promise<number> {
  const table = tableName();
  await r.ring.cipherFor(r.tenantId, { create: createFirstKey });
  const [keys, job] = await Promise.all([readTenantKeys(r.db, table, r.tenantId), readReencryptionJob(r.db, table, r.tenantId)]);
  if (job && job.phase !== 'done') throw new ReencryptionRunningError(job);
  const previous = currentVersion(keys);
  const next = (keys.at(-1)?.version ?? 0) + 1;
  const { key } = await generateKey(r.ring, r.tenantId, next, r.now.toISOString());
  const newJob = newReencryptionJob(r.tenantId, next, r.now, quietAfter(r.now, KEYRING_TTL_MS));
  await transact(
    r.db,
    [
      ...r.guard,
      step('job', reencryptionJobStart(table, newJob), async () => {
        const running = await readReencryptionJob(r.db, table, r.tenantId);
        return running && running.phase !== 'done' ? new ReencryptionRunningError(running) : new RotatedMeanwhile();
      }),
      step('tenantKey', tenantKeyPut(table, key), () => new RotatedMeanwhile()),
      ...(previous !== undefined
        ? [step('previousKey', tenantKeySuperseded(table, r.tenantId, previous), () => new RotatedMeanwhile())]
        : []),
      auditStep(
        r.origin,
        {
          action: 'create',
          resource: 'dataKey',
          resourceId: r.tenantId,
          changes: { currentVersion: { ...(previous !== undefined ? { from: previous } : {}), to: next } },
        },
        r.now,
      ),
      ...(r.recordFor ? [step('idempotency', r.recordFor())] : []),
    ],
    { answerFirst: ['caller', 'salon', 'job'] },
  );
  r.ring.forget(r.tenantId);
  return next;
}

/**
 * An owner's rotation. The answer is the status right after it (the job just started); with an
 * Idempotency-Key the record holds that answer.
 */
export async function rotateTenantKey(ctx: TenantContext, recordFor?: RecordFor, now = new Date()): Promise<KeyStatus> {
  const db = tenantDb(ctx);
  const ring = keyring();
  await ring.cipherFor(ctx.tenantId, { create: createFirstKey });
  // Known before the transaction that records it; a rotation meanwhile fails that transaction.
  const answer = await predictedStatus(db, tableName(), ctx.tenantId, now);
  await rotate({
    tenantId: ctx.tenantId,
    db,
    ring,
    guard: guardSteps(ctx),
    origin: ctx,
    recordFor: recordFor && (() => recordFor(answer)),
    now,
  });
  return answer;
}

/** The status as it will be once the rotation commits (for the idempotency record, written in the same transaction). */
async function predictedStatus(db: DynamoDBDocumentClient, table: string, tenantId: string, now: Date): Promise<KeyStatus> {
  const before = await statusOf(db, table, tenantId);
  const next = Math.max(...before.versions.map((v) => v.version)) + 1;
  const at = now.toISOString();
  return {
    currentVersion: next,
    versions: [
      ...before.versions.map((v) => ({ ...v, current: false })),
      { version: next, createdAt: at, current: true, indexRoot: next === INDEX_ROOT_VERSION },
    ],
    rotationDueAt: new Date(now.getTime() + KEY_ROTATION_MAX_AGE_DAYS * 86_400_000).toISOString(),
    reencryption: viewOf(newReencryptionJob(tenantId, next, now, quietAfter(now, KEYRING_TTL_MS))),
  };
}

/** The schedule's rotation of one salon, if its current key is due; false when it is not (or someone else did it). */
export async function rotateIfDue(
  tenantId: string,
  now: Date,
  deps: { db?: DynamoDBDocumentClient; ring?: Keyring } = {},
): Promise<boolean> {
  const db = deps.db ?? documentClient();
  const table = tableName();
  const keys = await readTenantKeys(db, table, tenantId);
  const current = keys.find((k) => k.version === currentVersion(keys));
  if (!current || !rotationDue(current.createdAt, now)) return false;
  const salon = (await db.send(new GetCommand({ TableName: table, Key: tenantMetaKey(tenantId), ConsistentRead: true }))).Item;
  if (!salon || isDeleted(salon)) return false;
  try {
    await rotate({
      tenantId,
      db,
      ring: deps.ring ?? keyring(),
      guard: [
        step(
          'salon',
          {
            ConditionCheck: {
              TableName: table,
              Key: tenantMetaKey(tenantId),
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
            },
          },
          () => new NotFoundError(),
        ),
      ],
      origin: { tenantId, plan: salonPlan(salon), actor: { system: 'scheduler' } },
      now,
    });
    return true;
  } catch (err) {
    // Another run rotated it, or its last rotation is still re-encrypting (the job is resumed instead).
    if (err instanceof RotatedMeanwhile || err instanceof ReencryptionRunningError || err instanceof NotFoundError) return false;
    throw err;
  }
}

/** Salons whose current key was created before the rotation age (GSI2, eventually consistent: rotateIfDue re-checks). */
export async function* dueKeySalons(now: Date, db: DynamoDBDocumentClient = documentClient()): AsyncGenerator<string> {
  const { gsi2 } = TABLE.indexes;
  for await (const page of queryPages(db, {
    TableName: tableName(),
    IndexName: gsi2.name,
    KeyConditionExpression: '#pk = :queue AND #sk < :before',
    ExpressionAttributeNames: { '#pk': gsi2.partitionKey, '#sk': gsi2.sortKey },
    ExpressionAttributeValues: { ':queue': CURRENT_KEY_QUEUE, ':before': dueBefore(now).toISOString() },
  })) {
    for (const item of page.Items ?? []) yield str(item, 'tenantKey', 'tenantId');
  }
}

/** Salons with a re-encryption job not done. */
export async function* openReencryptions(db: DynamoDBDocumentClient = documentClient()): AsyncGenerator<string> {
  const { gsi2 } = TABLE.indexes;
  for await (const page of queryPages(db, {
    TableName: tableName(),
    IndexName: gsi2.name,
    KeyConditionExpression: '#pk = :queue',
    ExpressionAttributeNames: { '#pk': gsi2.partitionKey },
    ExpressionAttributeValues: { ':queue': OPEN_REENCRYPTION_QUEUE },
  })) {
    for (const item of page.Items ?? []) yield str(item, 'reencryptionJob', 'tenantId');
  }
}

export interface MaintenanceResult {
  rotated: number;
  jobs: Partial<Record<DriveState, number>>;
}

/**
 * The schedule's run: rotates the salons that are due, then drives every open re-encryption (the ones
 * just started included) until done, waiting, or the deadline. Idempotent: a second run the same day
 * finds no salon due (their current keys are new) and resumes jobs from their checkpoints.
 */
export async function maintainKeys(
  o: { now?: () => Date; deadline?: Date; db?: DynamoDBDocumentClient; ring?: Keyring; pageSize?: number } = {},
): Promise<MaintenanceResult> {
  const now = o.now ?? (() => new Date());
  const db = o.db ?? documentClient();
  const ring = o.ring ?? keyring();
  let rotated = 0;
  for await (const tenantId of dueKeySalons(now(), db)) {
    if (o.deadline && now() >= o.deadline) break;
    if (await rotateIfDue(tenantId, now(), { db, ring })) rotated++;
  }
  const jobs: MaintenanceResult['jobs'] = {};
  for await (const tenantId of openReencryptions(db)) {
    const { state } = await driveReencryption(ring, db, tableName(), tenantId, {
      now,
      ...(o.deadline ? { deadline: o.deadline } : {}),
      ...(o.pageSize ? { pageSize: o.pageSize } : {}),
    });
    jobs[state] = (jobs[state] ?? 0) + 1;
  }
  return { rotated, jobs };
}
