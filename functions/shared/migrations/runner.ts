/**
 * One-off data migrations over the whole table: a parallel Scan (one cursor per segment) narrowed by
 * the migration's filter, each matching item changed by one conditional write, so an item changed
 * meanwhile by the application is left alone (its own write already did the right thing) and a second
 * run changes nothing. Progress is an item `PLATFORM#MIGRATION` / `<id>`: the cursor of each segment,
 * saved after every page, so a run that stops (deadline, crash, Ctrl-C) resumes where it was. One run
 * at a time: a run holds a lease on that item, renewed with each page. A migration that moves an item
 * in stages with waits between them (migrations/email-index.ts) answers `{ waitUntil }`: the run then
 * ends not done, with the scan to start over, and says when running again can go further.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../db/conditions';

type Item = Record<string, unknown>;

export interface TableMigration {
  id: string;
  description: string;
  /** Which items the Scan hands over (a FilterExpression and its names and values). */
  filter: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
  /**
   * The conditional write for one item; resolves false when the item no longer needs it, or
   * `{ waitUntil }` when the item has a later stage that may not start before that instant.
   */
  apply(db: DynamoDBDocumentClient, table: string, item: Item, run: MigrationContext): Promise<boolean | { waitUntil: Date }>;
}

/** What a migration may use besides the table: the run's clock and a KMS client (for salons' data keys). */
export interface MigrationContext {
  now(): Date;
  kms(): KMSClient;
}

export interface MigrationProgress {
  id: string;
  done: boolean;
  scanned: number;
  changed: number;
  /** Items that have a later stage; `retryAt`: when the earliest of them can go on (run again then). */
  waiting: number;
  retryAt?: Date;
}

export interface RunOptions {
  db: DynamoDBDocumentClient;
  table: string;
  /** Parallel Scan segments; fixed for a migration once it started (the cursors belong to them). */
  segments?: number;
  /** Stop taking new pages after this instant (a Lambda's remaining time, say); progress is kept. */
  deadline?: Date;
  pageSize?: number;
  /** Who runs it (the lease's holder). */
  runner?: string;
  now?: () => Date;
  /** The KMS client migrations use (default: the SDK's, from the environment; KMS_ENDPOINT locally). */
  kms?: () => KMSClient;
}

const LEASE_MS = 60_000;
const stateKey = (id: string) => ({ PK: 'PLATFORM#MIGRATION', SK: id });

export class MigrationBusyError extends Error {
  constructor(id: string) {
    super(`Migration ${id} is being run elsewhere (its lease has not run out)`);
  }
}

interface State {
  segments: number;
  cursors: Record<string, Item | 'done' | null>;
  scanned: number;
  changed: number;
}

async function readState(o: RunOptions, m: TableMigration): Promise<State> {
  const out = await o.db.send(new GetCommand({ TableName: o.table, Key: stateKey(m.id), ConsistentRead: true }));
  const item = out.Item;
  if (!item) {
    const segments = o.segments ?? 4;
    return {
      segments,
      cursors: Object.fromEntries(Array.from({ length: segments }, (_, i) => [String(i), null])),
      scanned: 0,
      changed: 0,
    };
  }
  return parseState(m.id, item);
}

const isMap = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);
const countOf = (v: unknown): number | undefined =>
  v === undefined ? 0 : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;

/** The saved progress, checked: one cursor per segment, each a key, `done` or null (not started). */
export function parseState(id: string, item: Item): State {
  const { segments, cursors } = item;
  const scanned = countOf(item.scanned);
  const changed = countOf(item.changed);
  const malformed = () => new Error(`The progress item of migration ${id} is malformed`);
  if (typeof segments !== 'number' || !Number.isInteger(segments) || segments < 1 || !isMap(cursors)) throw malformed();
  if (scanned === undefined || changed === undefined) throw malformed();
  const parsed: State['cursors'] = {};
  for (let i = 0; i < segments; i++) {
    const c = cursors[String(i)];
    if (c !== null && c !== 'done' && !isMap(c)) throw malformed();
    parsed[String(i)] = c;
  }
  if (Object.keys(cursors).length !== segments) throw malformed();
  return { segments, cursors: parsed, scanned, changed };
}

/** Takes or renews the lease (only if free, expired or ours) and saves the progress with it. */
async function save(o: RunOptions, m: TableMigration, state: State, runner: string, now: Date, release = false): Promise<void> {
  const done = Object.values(state.cursors).every((c) => c === 'done');
  try {
    await o.db.send(
      new PutCommand({
        TableName: o.table,
        Item: {
          ...stateKey(m.id),
          entity: 'migration',
          description: m.description,
          ...state,
          done,
          runner,
          leaseUntil: done || release ? 0 : now.getTime() + LEASE_MS,
          updatedAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK) OR runner = :runner OR leaseUntil < :now',
        ExpressionAttributeValues: { ':runner': runner, ':now': now.getTime() },
      }),
    );
  } catch (err) {
    if (isConditionFailure(err)) throw new MigrationBusyError(m.id);
    throw err;
  }
}

export async function runMigration(m: TableMigration, o: RunOptions): Promise<MigrationProgress> {
  const now = o.now ?? (() => new Date());
  const runner = o.runner ?? `run-${now().getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const state = await readState(o, m);
  await save(o, m, state, runner, now());
  const past = () => o.deadline !== undefined && now().getTime() >= o.deadline.getTime();
  let kms: KMSClient | undefined;
  const context: MigrationContext = {
    now,
    kms: () => {
      kms ??= o.kms?.() ?? new KMSClient(process.env.KMS_ENDPOINT ? { endpoint: process.env.KMS_ENDPOINT } : {});
      return kms;
    },
  };
  let waiting = 0;
  let retryAt: Date | undefined;

  // Segments run side by side; each saves its own cursor after each page (writes of one state item are
  // serialized here, so no segment overwrites another's cursor).
  let saving = Promise.resolve();
  const persist = () => {
    saving = saving.then(() => save(o, m, state, runner, now()));
    return saving;
  };
  const segment = async (n: number) => {
    const key = String(n);
    while (state.cursors[key] !== 'done' && !past()) {
      const start = state.cursors[key];
      const page = await o.db.send(
        new ScanCommand({
          TableName: o.table,
          Segment: n,
          TotalSegments: state.segments,
          Limit: o.pageSize ?? 500,
          FilterExpression: m.filter.expression,
          ExpressionAttributeNames: m.filter.names,
          ExpressionAttributeValues: m.filter.values,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const applied = await m.apply(o.db, o.table, item, context);
        if (applied === true) state.changed++;
        else if (applied !== false) {
          waiting++;
          if (!retryAt || applied.waitUntil < retryAt) retryAt = applied.waitUntil;
        }
      }
      state.scanned += page.ScannedCount ?? 0;
      state.cursors[key] = page.LastEvaluatedKey ?? 'done';
      await persist();
    }
  };
  await Promise.all(Array.from({ length: state.segments }, (_, n) => segment(n)));
  await saving;
  const scannedAll = Object.values(state.cursors).every((c) => c === 'done');
  if (scannedAll && waiting > 0) {
    // Items are waiting for a later stage: the next run scans again from the start.
    for (const key of Object.keys(state.cursors)) state.cursors[key] = null;
    await save(o, m, state, runner, now(), true);
  }
  return {
    id: m.id,
    done: scannedAll && waiting === 0,
    scanned: state.scanned,
    changed: state.changed,
    waiting,
    ...(retryAt ? { retryAt } : {}),
  };
}

/** A conditional Update that reports whether it applied (false: the item no longer matched). */
export async function updateIfStill(db: DynamoDBDocumentClient, input: ConstructorParameters<typeof UpdateCommand>[0]) {
  try {
    await db.send(new UpdateCommand(input));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
