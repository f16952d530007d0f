/**
 * The reads that page: every page of a Query, and a BatchGet that retries the keys DynamoDB left
 * unprocessed (with backoff), in chunks of its 100-key limit. One place each, so no caller forgets a
 * page or a throttled key.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { tableName } from './client';

type Item = Record<string, unknown>;

/** Every page of a Query, in order; stop early by leaving the loop. */
export async function* queryPages(db: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<QueryCommandOutput> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield page;
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item a Query matches, all pages read. */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(db, input)) items.push(...(page.Items ?? []));
  return items;
}

const BATCH_GET_MAX_KEYS = 100;
/** Retries of unprocessed keys before giving up (throttling that long is an outage, not a race). */
const BATCH_GET_RETRIES = 5;

export interface BatchGetOptions {
  consistent?: boolean;
  projection?: { expression: string; names?: Record<string, string> };
  /** For tests: the pause before retry `attempt` (1-based). */
  pause?: (attempt: number) => Promise<void>;
}

const backoff = (attempt: number) => new Promise<void>((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));

/** The items found for `keys` (absent ones are simply missing), unprocessed keys retried with backoff. */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  keys: ReadonlyArray<Item>,
  options: BatchGetOptions = {},
): Promise<Item[]> {
  const table = tableName();
  const pause = options.pause ?? backoff;
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS) {
    let pending: Item[] = keys.slice(i, i + BATCH_GET_MAX_KEYS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_GET_RETRIES) throw new Error('BatchGet kept leaving keys unprocessed');
      if (attempt > 0) await pause(attempt);
      // Options left out are undefined, which the SDK does not send.
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ConsistentRead: options.consistent,
              ProjectionExpression: options.projection?.expression,
              ExpressionAttributeNames: options.projection?.names,
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

/**
 * Queries a filtered page is read in at most: a filter applies after DynamoDB's `Limit`, so one Query
 * can match nothing while matches lie further on. The page is read on, each Query evaluating twice as
 * many items as the one before (from `limit`, at most 1,000), until it holds `limit` matches, the
 * key range ends, or this many Queries ran.
 */
export const FILLED_PAGE_READS = 5;
const FILLED_PAGE_MAX_EVALUATED = 1000;

export interface FilledPage {
  items: Item[];
  /** Where the next page starts: the last item answered, or where the reads stopped; none at the end. */
  lastKey: Record<string, unknown> | undefined;
  /** The reads stopped at FILLED_PAGE_READS with fewer than `limit` matches, before the end. */
  partial: boolean;
}

/**
 * A page of up to `limit` items matching `input`'s filter, from `start`. `keyOf` names an item's key
 * (the attributes a LastEvaluatedKey of this Query has), for a page cut after its last item.
 */
export async function queryFilledPage(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  limit: number,
  start: Record<string, unknown> | undefined,
  keyOf: (item: Item) => Record<string, unknown>,
): Promise<FilledPage> {
  const items: Item[] = [];
  let from = start;
  for (let read = 0; read < FILLED_PAGE_READS; read++) {
    const evaluate = Math.min(limit * 2 ** read, FILLED_PAGE_MAX_EVALUATED);
    const page = await db.send(new QueryCommand({ ...input, Limit: evaluate, ...(from ? { ExclusiveStartKey: from } : {}) }));
    const found = page.Items ?? [];
    const room = limit - items.length;
    const last = found[room - 1];
    if (found.length > room && last) {
      items.push(...found.slice(0, room));
      return { items, lastKey: keyOf(last), partial: false };
    }
    items.push(...found);
    from = page.LastEvaluatedKey;
    if (!from || items.length === limit) return { items, lastKey: from, partial: false };
  }
  return { items, lastKey: from, partial: true };
}
