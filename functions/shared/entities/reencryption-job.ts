/**
 * A salon's re-encryption after a key rotation: `TENANT#<id>` / `KEYJOB`, one item per salon, replaced
 * by each rotation. It is the job's checkpoint: the cursor of the pass under way, saved after every page,
 * so a driver that stops (deadline, crash, redelivery) resumes where the last one was.
 *
 * Phases: `rewrite` (one pass rewriting every value under the target version), then `verify` (passes
 * that start once no container can still write under an old version, crypto/reencryption.ts) until one
 * whole pass finds no old value; then the old wrapped keys are deleted and the job is `done`. While it is
 * not done the item sits in GSI2's `KEYJOB#open` partition, where the schedule finds it.
 *
 * Every save is conditioned on `seq`, the number of saves so far: of two drivers running at once (a
 * redelivered record, the schedule), one advances and the other stops at its next save.
 */
import { OPEN_REENCRYPTION_QUEUE, reencryptionJobKey } from '../db/keys';
import { TABLE } from '../db/table';
import type { TransactItem } from '../db/transact';
import { type Item, listOf, mapOf, num, oneOf, optStr, str } from './codec';

const E = 'reencryptionJob';
export const REENCRYPTION_PHASES = ['rewrite', 'verify', 'done'] as const;
export type ReencryptionPhase = (typeof REENCRYPTION_PHASES)[number];

export interface ReencryptionJob {
  tenantId: string;
  /** The version every value is moved to (the rotation's new version). */
  targetVersion: number;
  phase: ReencryptionPhase;
  /** Where the pass under way resumes (a partition key); absent at a pass's start. */
  cursor?: Record<string, unknown>;
  /** Passes started (the rewrite pass is 1). */
  pass: number;
  passStartedAt: string;
  /** Values under versions older than the target this pass has met so far (rewritten or not). */
  passOldValues: number;
  /** Of those, values it could not move (an item type no resealer knows, or a concurrent write won). */
  passStuck: number;
  /** The rotation's instant plus the cache period and the longest invocation (domain/key-rotation.ts). */
  quietAfter: string;
  rewritten: number;
  scanned: number;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Versions whose wrapped keys the finished job deleted. */
  deletedVersions: number[];
  seq: number;
}

export function toReencryptionJob(item: Item): ReencryptionJob {
  const cursor = item.cursor === undefined ? undefined : mapOf(item, E, 'cursor');
  const finishedAt = optStr(item, 'finishedAt');
  return {
    tenantId: str(item, E, 'tenantId'),
    targetVersion: num(item, E, 'targetVersion'),
    phase: oneOf(REENCRYPTION_PHASES, item, E, 'phase'),
    ...(cursor ? { cursor: { ...cursor } } : {}),
    pass: num(item, E, 'pass'),
    passStartedAt: str(item, E, 'passStartedAt'),
    passOldValues: num(item, E, 'passOldValues'),
    passStuck: num(item, E, 'passStuck'),
    quietAfter: str(item, E, 'quietAfter'),
    rewritten: num(item, E, 'rewritten'),
    scanned: num(item, E, 'scanned'),
    startedAt: str(item, E, 'startedAt'),
    updatedAt: str(item, E, 'updatedAt'),
    ...(finishedAt ? { finishedAt } : {}),
    deletedVersions: listOf(item, E, 'deletedVersions', (v) => {
      if (typeof v !== 'number') throw new Error('not a number');
      return v;
    }),
    seq: num(item, E, 'seq'),
  };
}

/** A new job for a rotation to `targetVersion` at `now`. */
export function newReencryptionJob(tenantId: string, targetVersion: number, now: Date, quietAfter: Date): ReencryptionJob {
  const at = now.toISOString();
  return {
    tenantId,
    targetVersion,
    phase: 'rewrite',
    pass: 1,
    passStartedAt: at,
    passOldValues: 0,
    passStuck: 0,
    quietAfter: quietAfter.toISOString(),
    rewritten: 0,
    scanned: 0,
    startedAt: at,
    updatedAt: at,
    deletedVersions: [],
    seq: 0,
  };
}

function jobItem(job: ReencryptionJob): Record<string, unknown> {
  const { gsi2 } = TABLE.indexes;
  return {
    ...reencryptionJobKey(job.tenantId),
    [TABLE.entityAttribute]: E,
    ...job,
    ...(job.phase === 'done'
      ? {}
      : { [gsi2.partitionKey]: OPEN_REENCRYPTION_QUEUE, [gsi2.sortKey]: `${job.startedAt}#${job.tenantId}` }),
  };
}

/** The rotation's Put of a new job: refused while the previous one is not done (one rotation at a time). */
export function reencryptionJobStart(table: string, job: ReencryptionJob): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: jobItem(job),
      ConditionExpression: 'attribute_not_exists(PK) OR #phase = :done',
      ExpressionAttributeNames: { '#phase': 'phase' },
      ExpressionAttributeValues: { ':done': 'done' },
    },
  };
}

/** A checkpoint: the job as it is now, on condition nobody saved it since `job.seq` was read. */
export function reencryptionJobSave(table: string, job: ReencryptionJob): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: jobItem({ ...job, seq: job.seq + 1 }),
      ConditionExpression: 'seq = :seq AND targetVersion = :target',
      ExpressionAttributeValues: { ':seq': job.seq, ':target': job.targetVersion },
    },
  };
}
