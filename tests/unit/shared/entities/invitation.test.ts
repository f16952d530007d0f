import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import {
  emailHash,
  invitationFields,
  invitationPutSteps,
  invitationRemovalSteps,
  toInvitation,
  toStoredInvitation,
} from '../../../../functions/shared/entities/invitation';

const tenantId = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const invitationId = '01JABCDEFGHJKMNPQRSTVWXYZ2';
const fresh = {
  tenantId,
  invitationId,
  email: 'b@example.test',
  role: 'employee' as const,
  invitedBy: 'u-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAtSeconds: 1_800_000_000,
};
const item = invitationFields(fresh);

describe('invitation entity', () => {
  it('reads back what it writes; the answer has the expiry as an instant and no tenant id', () => {
    expect(toStoredInvitation(item)).toMatchObject({ ...fresh, expiresAt: '2027-01-15T08:00:00.000Z' });
    expect(toInvitation({ ...item, PK: 'x', GSI1PK: 'y' })).toEqual({
      invitationId,
      email: 'b@example.test',
      role: 'employee',
      invitedBy: 'u-1',
      createdAt: fresh.createdAt,
      expiresAt: '2027-01-15T08:00:00.000Z',
    });
  });

  it('refuses a missing field, a non-numeric expiry or an unknown role, instead of NaN or "undefined"', () => {
    for (const field of ['tenantId', 'invitationId', 'email', 'role', 'invitedBy', 'createdAt', 'expiresAt'] as const) {
      const { [field]: _, ...rest } = item;
      expect(() => toStoredInvitation(rest), field).toThrow(CorruptItemError);
    }
    expect(() => toInvitation({ ...item, expiresAt: '1800000000' })).toThrow('expiresAt');
    expect(() => toInvitation({ ...item, role: 'king' })).toThrow('role');
  });

  it('puts the invitation (with its GSI1 lookup keys) and its email lock, which a pending one blocks', async () => {
    const pending = new Error('pending');
    const [invitation, lock] = invitationPutSteps('t', fresh, 100, () => pending);
    expect(invitation?.item.Put?.Item).toMatchObject({
      GSI1PK: `INVITATION#${invitationId}`,
      entity: 'invitation',
      createdAt: fresh.createdAt,
    });
    expect(lock?.item.Put?.Item).toMatchObject({ SK: `INVITE_EMAIL#${emailHash('b@example.test')}`, entity: 'invitationLock' });
    expect(lock?.item.Put?.Item).not.toHaveProperty('createdAt');
    expect(await lock?.fails?.()).toBe(pending);
  });

  it('removes both: revoked on existence, accepted also on being unexpired', () => {
    const revoked = invitationRemovalSteps('t', tenantId, invitationId, 'B@example.test ', () => undefined);
    expect(revoked[0]?.item.Delete?.ConditionExpression).toBe('attribute_exists(PK)');
    expect(revoked[1]?.item.Delete?.Key?.SK).toBe(`INVITE_EMAIL#${emailHash('b@example.test')}`);
    const accepted = invitationRemovalSteps('t', tenantId, invitationId, 'b@example.test', () => undefined, 42);
    expect(accepted[0]?.item.Delete?.ExpressionAttributeValues).toEqual({ ':now': 42 });
  });
});
