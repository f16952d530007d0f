/**
 * The job that follows a rotation: it drives `reencryptSalon` over the salon's partition to convergence,
 * then proves that nothing uses the old versions and deletes their wrapped keys (docs/encryption.md).
 *
 * At-least-once: the stream consumer of the new key item starts it (functions/streams/reencrypt-keys.ts)
 * and the hourly key schedule resumes any job not done (functions/schedules/maintain-keys.ts). Each page
 * is checkpointed on the job item (entities/reencryption-job.ts); a driver that stops resumes from the
 * last checkpoint, and of two drivers at once one wins each checkpoint and the other stops.
 *
 * The proof: containers may write under the old current version until their cached keys expire, so the
 * job waits for `quietAfter` (rotation + cache period + longest invocation); a verifying pass that starts
 * after it and meets no value under an old version, anywhere in the partition, means none is left, since
 * nothing can write one any more. Only then are the old versions (except the index root) deleted.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { reencryptionJobKey, tenantMetaKey } from '../db/keys';
import { isConditionFailure } from '../db/conditions';
import { step, transact } from '../db/transact';
import { retirableVersions } from '../domain/key-rotation';
import { auditStep } from '../entities/audit';
import { type ReencryptionJob, reencryptionJobSave, toReencryptionJob } from '../entities/reencryption-job';
import { salonPlan } from '../entities/salon';
import { readTenantKeys, tenantKeyDelete } from '../entities/tenant-key';
import type { Keyring } from './keyring';
import { reencryptSalon } from './rotation';

export interface DriveOptions {
  /** Stop taking pages after this instant (a Lambda's remaining time); the checkpoint keeps the rest. */
  deadline?: Date;
  now?: () => Date;
  pageSize?: number;
  /** Stop after this many pages (a bounded run; the checkpoint keeps the rest). */
  maxPages?: number;
}

/**
 * `none`: no job; `done`: converged and old keys deleted (now or before); `waiting`: rewritten, the
 * verifying pass may not start before `quietAfter`; `paused`: the deadline came; `yielded`: another
 * driver saved the job meanwhile and carries on; `stuck`: a pass met old values it could not move (a kind
 * of item no resealer knows, crypto/rotation.ts), so the old keys stay and the next run tries again.
 */
export type DriveState = 'none' | 'done' | 'waiting' | 'paused' | 'yielded' | 'stuck';

export async function readReencryptionJob(
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
): Promise<ReencryptionJob | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: reencryptionJobKey(tenantId), ConsistentRead: true }));
  return out.Item ? toReencryptionJob(out.Item) : undefined;
}

class JobMoved extends Error {}

async function save(db: DynamoDBDocumentClient, table: string, job: ReencryptionJob): Promise<ReencryptionJob> {
  try {
    await transact(db, [step('job', reencryptionJobSave(table, job), () => new JobMoved())]);
  } catch (err) {
    if (isConditionFailure(err)) throw new JobMoved();
    throw err;
  }
  return { ...job, seq: job.seq + 1 };
}

/** Deletes the old versions' wrapped keys and marks the job done, audited, in one transaction. */
async function retire(db: DynamoDBDocumentClient, table: string, job: ReencryptionJob, now: Date): Promise<ReencryptionJob> {
  const keys = await readTenantKeys(db, table, job.tenantId);
  const doomed = retirableVersions(
    keys.map((k) => k.version),
    job.targetVersion,
  );
  const salon = (await db.send(new GetCommand({ TableName: table, Key: tenantMetaKey(job.tenantId), ConsistentRead: true })))
    .Item;
  const done: ReencryptionJob = {
    ...job,
    phase: 'done',
    finishedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    deletedVersions: doomed,
  };
  await transact(db, [
    step('job', reencryptionJobSave(table, done), () => new JobMoved()),
    ...doomed.map((v) => step(`key${v}`, tenantKeyDelete(table, job.tenantId, v), () => new JobMoved())),
    // A salon already purged has no audit log to write to (and no keys left to delete).
    ...(salon
      ? [
          auditStep(
            { tenantId: job.tenantId, plan: salonPlan(salon), actor: { system: 'scheduler' } },
            {
              action: 'delete',
              resource: 'dataKey',
              resourceId: job.tenantId,
              changes: { retiredVersions: { from: doomed }, currentVersion: { to: job.targetVersion } },
            },
            now,
          ),
        ]
      : []),
  ]);
  return { ...done, seq: job.seq + 1 };
}

/** Runs the salon's job from its checkpoint until done, waiting, paused or overtaken. */
export async function driveReencryption(
  ring: Keyring,
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  o: DriveOptions = {},
): Promise<{ state: DriveState; job?: ReencryptionJob }> {
  const now = o.now ?? (() => new Date());
  let job = await readReencryptionJob(db, table, tenantId);
  if (!job) return { state: 'none' };
  let pages = 0;
  try {
    while (job.phase !== 'done') {
      if ((o.deadline && now() >= o.deadline) || (o.maxPages !== undefined && pages >= o.maxPages))
        return { state: 'paused', job };
      pages++;
      const quiet = new Date(job.quietAfter);
      const starting = job.cursor === undefined;
      if (job.phase === 'verify' && starting && now() < quiet) return { state: 'waiting', job };
      const page = await reencryptSalon(ring, db, table, tenantId, {
        cursor: job.cursor,
        target: job.targetVersion,
        ...(o.pageSize ? { pageSize: o.pageSize } : {}),
      });
      const at = now().toISOString();
      const { cursor: _done, ...rest } = job;
      const next: ReencryptionJob = {
        ...(page.cursor ? job : rest),
        ...(page.cursor ? { cursor: page.cursor } : {}),
        ...(starting ? { passStartedAt: at, passOldValues: 0, passStuck: 0 } : {}),
        rewritten: job.rewritten + page.rewritten,
        scanned: job.scanned + page.scanned,
        updatedAt: at,
      };
      next.passOldValues = (starting ? 0 : job.passOldValues) + page.oldValues;
      next.passStuck = (starting ? 0 : job.passStuck) + page.stuck;
      if (page.cursor) {
        job = await save(db, table, next);
        continue;
      }
      // A pass ended. It proves convergence only if it began once nobody could write an old version.
      const proven = job.phase === 'verify' && new Date(next.passStartedAt) >= quiet && next.passOldValues === 0;
      if (proven) {
        job = await retire(db, table, next, now());
        return { state: 'done', job };
      }
      const stuck = next.passStuck > 0;
      job = await save(db, table, {
        ...next,
        phase: 'verify',
        pass: job.pass + 1,
        // The counts of the pass that ended stay readable (GET .../keys) until the next one starts.
        passOldValues: next.passOldValues,
        passStuck: next.passStuck,
      });
      if (stuck) return { state: 'stuck', job };
    }
  } catch (err) {
    if (err instanceof JobMoved) return { state: 'yielded', job };
    throw err;
  }
  return { state: 'done', job };
}
