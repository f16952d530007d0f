/**
 * "Update or 404" for a tenant item patched in place: one transaction of the write guard's steps and
 * the Update on condition the item exists (else 404), then one consistent Get of the item as it now
 * stands (a transaction returns no attributes).
 */
import { tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { type Step, step, transact } from '../db/transact';
import { updateParts } from '../db/update-expression';
import type { TenantContext } from '../domain/tenant-context';
import { NotFoundError } from '../errors';
import { tenantDb } from '../db/tenant-client';
import { type Item, readItem } from './tenant-items';
import { guardSteps } from './write-guard';

export async function updateOr404(
  ctx: TenantContext,
  name: string,
  key: { PK: string; SK: string },
  /** A value sets the attribute, `null` removes it, `undefined` leaves it (db/update-expression.ts). */
  fields: Readonly<Record<string, unknown>>,
  /** What another transaction on the same item means (AWS only); none: the raw error. */
  conflict?: () => Error,
  /** More steps of the same transaction (the change's audit entry). */
  more: ReadonlyArray<Step> = [],
): Promise<Item> {
  const db = tenantDb(ctx);
  try {
    await transact(db, [
      ...guardSteps(ctx),
      step(
        name,
        { Update: { TableName: tableName(), Key: key, ...updateParts(fields), ConditionExpression: 'attribute_exists(PK)' } },
        () => new NotFoundError(),
      ),
      ...more,
    ]);
  } catch (err) {
    if (conflict && hasTransactionConflict(err)) throw conflict();
    throw err;
  }
  return readItem(db, key);
}
