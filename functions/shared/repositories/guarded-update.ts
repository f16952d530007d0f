/**
 * "Patch or 404" for a tenant item patched in place: one consistent Get, then one transaction of the
 * write guard's steps, the Update on condition every attribute it changes still holds the value read
 * (so the audit entry's `from`, built from that read, is proven by the write), and the change's other
 * steps. The answer is the item read with the patch applied (a transaction returns no attributes), so
 * the route makes one Get and one transaction, as when the Get came after the write. Read again when a
 * patched attribute changed in between; 404 when the item is gone.
 */
import { tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import { unchangedSince, patched, updateParts } from '../db/update-expression';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError } from '../errors';
import { tenantDb } from '../db/tenant-client';
import { type Item, readItem } from './tenant-items';
import { guardSteps } from './write-guard';

const ATTEMPTS = 3;

export async function patchOr404(
  ctx: TenantContext,
  name: string,
  key: { PK: string; SK: string },
  /** A value sets the attribute, `null` removes it, `undefined` leaves it (db/update-expression.ts). */
  fields: Readonly<Record<string, unknown>>,
  options: {
    /** The change's other steps, built from the item as read (its audit entry). */
    more?: (read: Item) => ReadonlyArray<Step> | Promise<ReadonlyArray<Step>>;
    /** What another transaction on the same item, or an item that kept changing, means. */
    conflict?: () => Error;
  } = {},
): Promise<{ read: Item; written: Item }> {
  const db = tenantDb(ctx);
  const changed = options.conflict ?? (() => new ConflictError('The item changed meanwhile; read it again and retry.'));
  const update = updateParts(fields);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await readItem(db, key);
    const same = unchangedSince(read, fields);
    const values = { ...update.ExpressionAttributeValues, ...same.values };
    const more = (await options.more?.(read)) ?? [];
    try {
      await transact(db, [
        ...guardSteps(ctx),
        step(
          name,
          {
            Update: {
              TableName: tableName(),
              Key: key,
              UpdateExpression: update.UpdateExpression,
              ConditionExpression: ['attribute_exists(PK)', same.expression].filter(Boolean).join(' AND '),
              ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...same.names },
              ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
            },
          },
          // Gone or changed: the next read tells (a gone item answers 404 there).
          () => new StaleReadError(name),
        ),
        ...more,
      ]);
    } catch (err) {
      if (err instanceof StaleReadError) continue;
      if (options.conflict && hasTransactionConflict(err)) throw options.conflict();
      throw err;
    }
    return { read, written: patched(read, fields) };
  }
  throw changed();
}
