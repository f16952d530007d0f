/**
 * Idempotency records: the first successful answer to a create sent with an `Idempotency-Key`, kept 24 h
 * in the tenant's partition. The record is written in the same transaction as what the create writes,
 * with a condition that no live record holds the key: of two requests with one key, only one creates;
 * the other's whole transaction is cancelled and it answers from the record.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { IDEMPOTENCY_PREFIX, type ItemKey, idempotencyKey } from '../db/keys';
import { TABLE } from '../db/table';
import type { TenantContext } from '../domain/tenant-context';
import { AppError } from '../errors';
import { type Item, num, optStr, str } from '../entities/codec';
import { sha256Hex } from '../hash';
import { type TenantScope, scopeOf } from './scope';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A create's claim on a key: which route, which key, which request (hash of its body). */
export interface IdempotencyClaim {
  routeId: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  statusCode: number;
  body: string;
  /** Set when the answer held a secret left out of `body`: the replay derives it again (middleware/idempotency.ts). */
  secretSalt?: string;
}

/**
 * Builds the record's transaction item from what the create will answer; creates pass it their result.
 * The middleware's takes anything; a repository narrows `T` to what it passes.
 */
export type RecordFor<T = unknown> = (result: T) => TransactItem;

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body; use a new key for a new request.',
    );
  }
}

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const requestHash = (body: unknown) => sha256Hex(canonicalJson(body ?? null));

function keyOf(ctx: { tenantId: string }, claim: IdempotencyClaim) {
  return idempotencyKey(ctx.tenantId, claim.routeId, sha256Hex(claim.key));
}

/** The conditional Put that claims the key: fails while a live (unexpired) record holds it. */
export function idempotencyRecordPut(
  ctx: TenantContext | TenantScope,
  claim: IdempotencyClaim,
  response: StoredResponse,
  now = new Date(),
): TransactItem {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keyOf(ctx, claim),
        [TABLE.entityAttribute]: 'idempotencyRecord',
        routeId: claim.routeId,
        requestHash: claim.requestHash,
        statusCode: response.statusCode,
        responseBody: response.body,
        ...(response.secretSalt ? { secretSalt: response.secretSalt } : {}),
        createdAt: now.toISOString(),
        [TABLE.ttlAttribute]: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
      ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
      ExpressionAttributeValues: { ':now': nowSeconds },
    },
  };
}

export { IDEMPOTENCY_PREFIX };

const E = 'idempotency record';

/** The answer a record replays, as stored (without a secret field's value). */
export const idempotencyRecordAnswer = (item: Item): string => str(item, E, 'responseBody');

/** A record's key, as a query answered it. */
export const idempotencyRecordKey = (item: Item): ItemKey => ({ PK: str(item, E, 'PK'), SK: str(item, E, 'SK') });

/** Forgets a record: its key may be used again, for a new create (a client's erasure). */
export const idempotencyRecordDelete = (table: string, key: ItemKey): TransactItem => ({
  Delete: { TableName: table, Key: key },
});

/**
 * The live record for this key (one consistent Get), or undefined. The same key with another body is
 * 422 `IDEMPOTENCY_KEY_REUSED`.
 */
export async function readIdempotencyRecord(
  ctx: TenantContext | TenantScope,
  claim: IdempotencyClaim,
  now = new Date(),
): Promise<StoredResponse | undefined> {
  const out = await scopeOf(ctx).db.send(
    new GetCommand({ TableName: tableName(), Key: keyOf(ctx, claim), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item || num(item, E, TABLE.ttlAttribute) < Math.floor(now.getTime() / 1000)) return undefined;
  if (str(item, E, 'requestHash') !== claim.requestHash) throw new IdempotencyKeyReusedError();
  const secretSalt = optStr(item, 'secretSalt');
  return {
    statusCode: num(item, E, 'statusCode'),
    body: idempotencyRecordAnswer(item),
    ...(secretSalt ? { secretSalt } : {}),
  };
}
