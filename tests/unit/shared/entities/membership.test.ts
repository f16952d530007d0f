import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import {
  membershipDelete,
  membershipPut,
  toMember,
  toMembershipRef,
  userCountReturned,
} from '../../../../functions/shared/entities/membership';

const tenantId = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const item = { tenantId, userId: 'u-1', email: 'a@example.test', role: 'manager', joinedAt: '2026-01-01T00:00:00.000Z' };

describe('membership entity', () => {
  it('parses a member, leaving out attributes it does not name (keys, entity)', () => {
    expect(toMember({ ...item, PK: 'x', SK: 'y', entity: 'membership' })).toEqual({
      userId: 'u-1',
      email: 'a@example.test',
      role: 'manager',
      joinedAt: item.joinedAt,
    });
    expect(toMembershipRef(item)).toEqual({ tenantId, role: 'manager' });
  });

  it('refuses a missing field, a wrong type or a role that is none', () => {
    for (const field of ['userId', 'email', 'role', 'joinedAt'] as const) {
      const { [field]: _, ...rest } = item;
      expect(() => toMember(rest), field).toThrow(CorruptItemError);
    }
    expect(() => toMember({ ...item, joinedAt: 5 })).toThrow('joinedAt');
    expect(() => toMember({ ...item, role: 'boss' })).toThrow('role');
    expect(() => toMembershipRef({ role: 'owner' })).toThrow('tenantId');
  });

  it('writes the item with its GSI1 mirror; conditional only when the caller says what a taken one means', async () => {
    const open = membershipPut('t', tenantId, { userId: 'u-1', email: 'a@example.test', role: 'owner', joinedAt: 'j' });
    expect(open.item.Put?.Item).toMatchObject({
      GSI1PK: 'USER#u-1',
      GSI1SK: `TENANT#${tenantId}`,
      entity: 'membership',
      tenantId,
    });
    expect(open.item.Put?.ConditionExpression).toBeUndefined();
    const taken = new Error('taken');
    const guarded = membershipPut(
      't',
      tenantId,
      { userId: 'u-1', email: 'a@example.test', role: 'owner', joinedAt: 'j' },
      () => taken,
    );
    expect(guarded.item.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(await guarded.fails?.()).toBe(taken);
  });

  it('deletes on condition of the role read, and gives the place in maxUsers back', () => {
    const del = membershipDelete('t', tenantId, 'u-1', 'owner', () => undefined, 'membership');
    expect(del.name).toBe('membership');
    expect(del.item.Delete?.Key).toEqual({ PK: `TENANT#${tenantId}`, SK: 'MEMBER#u-1' });
    expect(del.item.Delete?.ExpressionAttributeValues).toEqual({ ':was': 'owner' });
    const users = userCountReturned(tenantId).item.Update;
    expect(users?.UpdateExpression).toBe('ADD #c :amount');
    expect(users?.ExpressionAttributeNames).toEqual({ '#c': 'users' });
    expect(users?.ExpressionAttributeValues).toEqual({ ':amount': -1 });
    expect(users?.ConditionExpression).toBeUndefined();
  });
});
