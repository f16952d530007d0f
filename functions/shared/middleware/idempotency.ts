/**
 * `Idempotency-Key` for POSTs that create. Without the header a create just creates. With it, the
 * create's transaction also claims the key (repositories/idempotency.ts); when that transaction fails,
 * the record decides: the same body replays the first answer (same status and body, header
 * `idempotent-replayed: true`), another body is 422, no record means the failure was the create's own.
 * Only successful creates are recorded: a failed one wrote nothing and may be retried with the same key.
 */
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
  const key = headerOf(event as APIGatewayProxyEvent, IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError('The Idempotency-Key header is invalid.', [
      { in: 'header', path: IDEMPOTENCY_HEADER, message: 'Use 1 to 255 printable ASCII characters.' },
    ]);
  }
  return key;
}

/**
 * Runs a create, idempotently when the request carries a key. `create` receives, with a key, a builder
 * of the record's transaction item to add to its own transaction.
 */
export async function idempotentCreate<T>(
  tenant: TenantContext | TenantScope,
  /** The create's route: its id scopes the key. */
  route: { readonly id: RouteId },
  event: APIGatewayProxyEvent,
  body: unknown,
  create: (recordFor: RecordFor | undefined) => Promise<T>,
): Promise<APIGatewayProxyResult> {
  const key = idempotencyKeyOf(event);
  if (key === undefined) return created(await create(undefined));
  const claim = { routeId: route.id, key, requestHash: requestHash(body) };
  try {
    const result = await create((answer) =>
      idempotencyRecordPut(tenant, claim, { statusCode: 201, body: JSON.stringify(answer) }),
    );
    return created(result);
  } catch (err) {
    const stored = await readIdempotencyRecord(tenant, claim);
    if (stored) {
      return { statusCode: stored.statusCode, headers: { ...baseHeaders, 'idempotent-replayed': 'true' }, body: stored.body };
    }
    if (hasTransactionConflict(err)) {
      throw new IdempotencyKeyInProgressError();
    }
    throw err;
  }
}
