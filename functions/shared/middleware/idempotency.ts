/**
 * `Idempotency-Key` for POSTs that create. Without the header a create just creates. With it, the
 * create's transaction also claims the key (repositories/idempotency.ts); when that transaction fails,
 * the record decides: the same body replays the first answer (same status and body, header
 * `idempotent-replayed: true`), another body is 422, no record means the failure was the create's own.
 * Only successful creates are recorded: a failed one wrote nothing and may be retried with the same key.
 *
 * An answer may hold a secret (an online booking's manage token) that must not sit in plaintext in the
 * record for 24 h, yet the replay must answer it identically. With a key, that secret is not random: it is
 * HMAC-SHA256 keyed by the Idempotency-Key the client sent, over a random salt the record keeps. The
 * record stores the body without it, the salt, and only a hash of the key, so nothing at rest yields the
 * secret; the replay, which presents the key again, derives it. It is as strong as the salt (128 bits)
 * against anyone without the table, and as the key itself against someone who reads the table.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteId } from '../../routes';
import { hasTransactionConflict } from '../db/conditions';
import type { TenantContext } from '../domain/tenant-context';
import { IdempotencyKeyInProgressError, ValidationError } from '../errors';
import { headerOf } from '../http/headers';
import { baseHeaders, created } from '../http/responses';
import { type RecordFor, idempotencyRecordPut, readIdempotencyRecord, requestHash } from '../repositories/idempotency';
import type { TenantScope } from '../repositories/scope';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** 1 to 255 printable ASCII characters (space to tilde). */
const KEY_PATTERN = /^[\x20-\x7E]{1,255}$/;

/** The request's key, undefined without the header; a malformed key is 400 before anything is done. */
export function idempotencyKeyOf(event: Pick<APIGatewayProxyEvent, 'headers'>): string | undefined {
  const key = headerOf(event, IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError('The Idempotency-Key header is invalid.', [
      { in: 'header', path: IDEMPOTENCY_HEADER, message: 'Use 1 to 255 printable ASCII characters.' },
    ]);
  }
  return key;
}

/** The secret an answer carries, derived from the request's key and the record's salt (see above). */
export const keyDerivedSecret = (key: string, salt: string) =>
  createHmac('sha256', key).update(`rendezvous:idempotent-secret:${salt}`).digest('base64url');

export interface IdempotentOptions {
  /** The answer's field holding a secret: left out of the record, derived again on replay. */
  readonly secretField?: string;
}

/**
 * Runs a create, idempotently when the request carries a key. `create` receives, with a key, a builder
 * of the record's transaction item to add to its own transaction, and, with `secretField`, the secret to
 * answer in that field (undefined without a key: the create picks a random one).
 */
export async function idempotentCreate<T>(
  tenant: TenantContext | TenantScope,
  /** The create's route: its id scopes the key. */
  route: { readonly id: RouteId },
  event: APIGatewayProxyEvent,
  body: unknown,
  create: (recordFor: RecordFor | undefined, secret: string | undefined) => Promise<T>,
  options: IdempotentOptions = {},
): Promise<APIGatewayProxyResult> {
  const key = idempotencyKeyOf(event);
  if (key === undefined) return created(await create(undefined, undefined));
  const claim = { routeId: route.id, key, requestHash: requestHash(body) };
  const field = options.secretField;
  const secretSalt = field ? randomBytes(16).toString('base64url') : undefined;
  try {
    const result = await create(
      (answer) =>
        idempotencyRecordPut(tenant, claim, {
          statusCode: 201,
          body: JSON.stringify(field ? withoutField(answer, field) : answer),
          ...(secretSalt ? { secretSalt } : {}),
        }),
      secretSalt && keyDerivedSecret(key, secretSalt),
    );
    return created(result);
  } catch (err) {
    const stored = await readIdempotencyRecord(tenant, claim);
    if (stored) {
      const replayed =
        field && stored.secretSalt
          ? JSON.stringify({ ...(JSON.parse(stored.body) as object), [field]: keyDerivedSecret(key, stored.secretSalt) })
          : stored.body;
      return { statusCode: stored.statusCode, headers: { ...baseHeaders, 'idempotent-replayed': 'true' }, body: replayed };
    }
    if (hasTransactionConflict(err)) {
      throw new IdempotencyKeyInProgressError();
    }
    throw err;
  }
}

function withoutField(answer: unknown, field: string): unknown {
  if (!answer || typeof answer !== 'object') return answer;
  return Object.fromEntries(Object.entries(answer).filter(([key]) => key !== field));
}
