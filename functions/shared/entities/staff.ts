/**
 * The staff entity: `SALON#STAFF#<id>` (part of the booking catalog) and the link item
 * `STAFF_USER#<userId>` naming the one staff record a member is. Its codec and its writes;
 * repositories/staff.ts puts them in transactions with what each failure means there.
 * Lists a staff record may lack (`serviceIds`, `timeOff`, or a weekday of `workingHours`) read empty;
 * anything present with the wrong shape is an error.
 */
import { type ItemKey, STAFF_PREFIX, staffKey, staffUserKey } from '../db/keys';
import { TABLE } from '../db/table';
import type { TransactItem } from '../db/transact';
import { type Unchanged, updateParts } from '../db/update-expression';
import { type Staff, type TimeRange, WEEKDAYS, type WorkingHours } from '../domain/schedule';
import { CorruptItemError, type Item, asMap, listOf, mapOf, str } from './codec';

export type { Staff } from '../domain/schedule';
export { STAFF_PREFIX, staffKey, staffUserKey };

const E = 'staff';

function range(value: unknown): TimeRange {
  const r = asMap(value, E, 'range');
  return { start: str(r, E, 'start'), end: str(r, E, 'end') };
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new CorruptItemError(E, 'serviceIds');
  return value;
}

/** The member a staff record is linked to: absent, or `null` in a patch that unlinks it, is none. */
function linkedUser(item: Item): string | undefined {
  const v = item.userId;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new CorruptItemError(E, 'userId');
  return v;
}

/** A staff item (from a Get, a Query of the catalog, or a record being written) as the API answers it. */
export function toStaff(item: Item): Staff {
  const hours = mapOf(item, E, 'workingHours');
  const workingHours: WorkingHours = {};
  for (const day of WEEKDAYS) if (hours[day] !== undefined) workingHours[day] = listOf(hours, 'staff working hours', day, range);
  const staff: Staff = {
    staffId: str(item, E, 'staffId'),
    name: str(item, E, 'name'),
    serviceIds: listOf(item, E, 'serviceIds', text),
    workingHours,
    timeOff: listOf(item, E, 'timeOff', range),
    createdAt: str(item, E, 'createdAt'),
    updatedAt: str(item, E, 'updatedAt'),
  };
  const userId = linkedUser(item);
  if (userId !== undefined) staff.userId = userId;
  return staff;
}

/** The staff member's name alone (what messages name). */
export const staffName = (item: Item): string => str(item, E, 'name');

/** The member a stored staff record is linked to, if any. */
export const staffUserOf = (item: Item): string | undefined => linkedUser(item);

/** A new staff record, on condition its (fresh) id is free. */
export const staffPut = (table: string, tenantId: string, staff: Staff): TransactItem => ({
  Put: {
    TableName: table,
    Item: { ...staffKey(tenantId, staff.staffId), [TABLE.entityAttribute]: E, ...staff },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/** The link of a member to a staff record, on condition the member is linked to none. */
export const staffUserPut = (table: string, tenantId: string, userId: string, staffId: string): TransactItem => ({
  Put: {
    TableName: table,
    Item: { ...staffUserKey(tenantId, userId), [TABLE.entityAttribute]: 'staffUser', userId, staffId },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

export const staffUserDelete = (table: string, tenantId: string, userId: string): TransactItem => ({
  Delete: { TableName: table, Key: staffUserKey(tenantId, userId) },
});

/** The staff record is there and still linked to the member read (`linkedTo`), or to none. */
function linkedAsRead(linkedTo: string | undefined) {
  return linkedTo === undefined
    ? { expression: 'attribute_exists(PK) AND attribute_not_exists(userId)', values: {} }
    : { expression: 'attribute_exists(PK) AND userId = :was', values: { ':was': linkedTo } };
}

/**
 * A staff record's `fields` set (null removes), on condition it is still linked as read and the
 * `unchanged` condition (the other fields as read) holds.
 */
export function staffPatch(
  table: string,
  key: ItemKey,
  fields: Readonly<Record<string, unknown>>,
  linkedTo: string | undefined,
  unchanged: Unchanged,
): TransactItem {
  const parts = updateParts(fields);
  const link = linkedAsRead(linkedTo);
  return {
    Update: {
      TableName: table,
      Key: key,
      ...parts,
      ConditionExpression: [link.expression, unchanged.expression].filter(Boolean).join(' AND '),
      ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, ...unchanged.names },
      ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ...link.values, ...unchanged.values },
    },
  };
}

/** A staff record deleted, on condition it is still linked as read. */
export function staffDelete(table: string, key: ItemKey, linkedTo: string | undefined): TransactItem {
  const link = linkedAsRead(linkedTo);
  return {
    Delete: {
      TableName: table,
      Key: key,
      ConditionExpression: link.expression,
      ...(linkedTo ? { ExpressionAttributeValues: link.values } : {}),
    },
  };
}
