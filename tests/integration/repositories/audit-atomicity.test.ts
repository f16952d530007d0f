/**
 * No change without its entry, no entry without its change, against DynamoDB Local:
 * - the audit write made to fail (its id forced onto an entry that exists, so its condition fails)
 *   leaves the change unmade, item for item, and answers AuditWriteError;
 * - the change made to fail (its salon deleted, its item gone, its email taken) leaves no entry.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { handler as emailFeedback } from '../../../functions/notifications/email-feedback';
import { describe, expect, inject, it, vi } from 'vitest';
import { documentClient } from '../../../functions/shared/db/client';
import { auditPk, tenantMetaKey } from '../../../functions/shared/db/keys';
import type { Permission, Role } from '../../../functions/shared/domain/rbac';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { AuditWriteError, originOf, systemOrigin } from '../../../functions/shared/entities/audit';
import { ConflictError } from '../../../functions/shared/errors';
import { turnNotificationOff } from '../../../functions/shared/entities/client';
import { leaveAllSalons } from '../../../functions/shared/repositories/account-deletion';
import { bookAppointment } from '../../../functions/shared/repositories/appointments';
import { saveCustomerId } from '../../../functions/shared/repositories/billing';
import { createClient, updateClient } from '../../../functions/shared/repositories/clients';
import { createInvitation } from '../../../functions/shared/repositories/invitations';
import { changeMemberRole } from '../../../functions/shared/repositories/memberships';
import { createTenant } from '../../../functions/shared/repositories/onboarding';
import { scopeOf } from '../../../functions/shared/repositories/scope';
import { createService, updateService } from '../../../functions/shared/repositories/services';
import { createStaff } from '../../../functions/shared/repositories/staff';
import { softDeleteTenant, updateTenant } from '../../../functions/shared/repositories/tenants';
import { memberGuard } from '../../../functions/shared/repositories/write-guard';
import { addMember, db, setPlan, tenantItems } from '../../support/fixtures';
import { allWeekStaffBody, sampleServiceBody } from '../../support/route-samples';

/** The next audit ids, forced (only the audit entry passes a time to newId). */
const forced: string[] = [];
vi.mock('../../../functions/shared/repositories/ids', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../functions/shared/repositories/ids')>();
  return {
    ...actual,
    newId: (now?: number) => (now !== undefined && forced.length > 0 ? (forced.shift() as string) : actual.newId(now)),
  };
});

let seq = 0;
const ownerId = () => `atom-owner-${seq}`;

function contextOf(tenantId: string, userId: string, role: Role, permission: Permission): TenantContext {
  return {
    tenantId,
    userId,
    role,
    plan: 'professional',
    subscriptionStatus: 'active',
    permission,
    access: 'all',
    request: { requestId: `atom-${seq}`, ip: '203.0.113.9', userAgent: 'atomicity' },
  } as TenantContext;
}

async function salon() {
  const n = ++seq;
  const owner = { userId: ownerId(), email: `atom-owner-${n}@example.test` };
  const tenant = await createTenant(owner, { name: 'Atomic', slug: `atom-${Date.now().toString(36)}-${n}` });
  await setPlan(tenant.id, 'professional');
  await db().send(
    new UpdateCommand({
      TableName: inject('endpoints').tableName,
      Key: tenantMetaKey(tenant.id),
      UpdateExpression: 'REMOVE stripeCustomerId',
    }),
  );
  // A member of this salon only: account deletion leaves one salon.
  const other = `atom-other-${n}`;
  await addMember(tenant.id, other, `${other}@example.test`, 'employee');
  const ctx = (permission: Permission) => contextOf(tenant.id, owner.userId, 'owner', permission);
  const service = await createService(ctx('services:create'), sampleServiceBody());
  const staff = await createStaff(ctx('users:create'), allWeekStaffBody([service.serviceId]));
  const client = await createClient(ctx('clients:create'), { name: 'Ada', email: `ada-${n}@example.test` });
  return { tenantId: tenant.id, ctx, service, staff, client, other };
}
type Salon = Awaited<ReturnType<typeof salon>>;

/**
 * The salon's partition (as `tenantItems` compares it: without the counters and delivery state the
 * welcome email's delivery moves meanwhile) and its audit partition.
 */
async function everything(tenantId: string) {
  const read = async (pk: string) =>
    (
      await db().send(
        new QueryCommand({
          TableName: inject('endpoints').tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  return { items: await tenantItems(tenantId), audit: await read(auditPk(tenantId)) };
}

const writes: Array<[string, (s: Salon) => Promise<unknown>]> = [
  ['updateTenant', (s) => updateTenant(s.ctx('settings:update'), { name: 'Renamed' })],
  ['deleteTenant', (s) => softDeleteTenant(s.ctx('tenant:delete'))],
  ['updateMember', (s) => changeMemberRole(s.ctx('users:update'), s.other, 'viewer')],
  ['createInvitation', (s) => createInvitation(s.ctx('users:create'), { email: `inv-${seq}@example.test`, role: 'viewer' })],
  ['checkout (customer id)', (s) => saveCustomerId(s.ctx('billing:manage'), 'cus_atomic')],
  ['createClient', (s) => createClient(s.ctx('clients:create'), { name: 'Late', email: `late-${seq}@example.test` })],
  [
    'updateClient (email)',
    (s) => updateClient(s.ctx('clients:update'), s.client.clientId, { email: `moved-${seq}@example.test` }),
  ],
  ['updateService', (s) => updateService(s.ctx('services:update'), s.service.serviceId, { durationMinutes: 50 })],
  [
    'createAppointment',
    (s) =>
      bookAppointment(
        scopeOf(s.ctx('appointments:create')),
        {
          clientId: s.client.clientId,
          serviceId: s.service.serviceId,
          staffId: s.staff.staffId,
          start: new Date('2031-03-05T10:00:00+01:00'),
          source: 'staff',
          createdBy: ownerId(),
          enforceRules: false,
        },
        { guard: memberGuard(s.ctx('appointments:create')), audit: originOf(s.ctx('appointments:create')) },
      ),
  ],
  [
    'unsubscribe',
    (s) =>
      turnNotificationOff(
        documentClient(),
        inject('endpoints').tableName,
        s.tenantId,
        s.client.clientId,
        'email',
        new Date().toISOString(),
        systemOrigin(s.tenantId, 'public'),
      ),
  ],
  ['account deletion (leave the salon)', (s) => leaveAllSalons(s.other)],
];

describe('the audit write made to fail leaves no change', () => {
  it.each(writes)('%s: AuditWriteError, nothing written', async (_name, write) => {
    const s = await salon();
    const before = await everything(s.tenantId);
    const taken = String(before.audit[0]?.auditId);
    forced.push(taken);
    await expect(write(s)).rejects.toBeInstanceOf(AuditWriteError);
    forced.length = 0;
    expect(await everything(s.tenantId)).toEqual(before);
  });

  it('each of those writes, not made to fail, leaves exactly one entry', async () => {
    for (const [name, write] of writes) {
      const s = await salon();
      const before = (await everything(s.tenantId)).audit.length;
      await write(s);
      expect((await everything(s.tenantId)).audit.length, name).toBe(before + 1);
    }
  });
});

describe('the change made to fail leaves no entry', () => {
  const failures: Array<[string, (s: Salon) => Promise<unknown>]> = [
    [
      'the salon deleted meanwhile (createService)',
      async (s) => {
        await softDeleteTenant(s.ctx('tenant:delete'));
        return createService(s.ctx('services:create'), sampleServiceBody());
      },
    ],
    [
      'the item gone (updateService of another id)',
      (s) => updateService(s.ctx('services:update'), '01JABCDEFGHJKMNPQRSTVWXYZ0', { durationMinutes: 50 }),
    ],
    [
      'the email taken (createClient)',
      // The salon's client has `ada-<seq>`.
      (s) => createClient(s.ctx('clients:create'), { name: 'Twin', email: `ada-${seq}@example.test` }),
    ],
    ['the member removed meanwhile (updateMember)', (s) => changeMemberRole(s.ctx('users:update'), 'atom-nobody', 'viewer')],
  ];
  it.each(failures)('%s', async (_name, fail) => {
    const s = await salon();
    const { audit } = await everything(s.tenantId);
    await expect(fail(s)).rejects.toThrow();
    const after = await everything(s.tenantId);
    // A salon deleted before the write has its own entry (the deletion); the failed write adds none.
    const deletion = after.audit.filter((x) => x.resource === 'tenant' && x.action === 'delete');
    expect(after.audit.filter((x) => !deletion.includes(x))).toEqual(audit);
  });
});

describe("a PATCH entry's `from` is what its write replaced", () => {
  it('concurrent patches of one field chain their entries: each `from` is the value another one left', async () => {
    const s = await salon();
    const values = [50, 55, 60, 65];
    const settled = await Promise.allSettled(
      values.map((v) => updateService(s.ctx('services:update'), s.service.serviceId, { durationMinutes: v })),
    );
    // A patch that kept losing the race gives up with 409 and writes nothing.
    for (const r of settled) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    const made = settled.filter((r) => r.status === 'fulfilled').length;
    expect(made).toBeGreaterThan(0);
    const entries = (await everything(s.tenantId)).audit.filter(
      (x) => x.resource === 'service' && x.action === 'update' && x.resourceId === s.service.serviceId,
    );
    expect(entries).toHaveLength(made);
    // From the created 45, each entry's `to` is the next one's `from`, through every entry.
    const byFrom = new Map(entries.map((x) => [x.changes.durationMinutes.from, x.changes.durationMinutes.to]));
    let at: unknown = sampleServiceBody().durationMinutes;
    for (let i = 0; i < made; i++) {
      expect(byFrom.has(at), JSON.stringify(entries.map((x) => x.changes))).toBe(true);
      at = byFrom.get(at);
    }
    const stored = (await tenantItems(s.tenantId)).find((x) => x.serviceId === s.service.serviceId);
    expect(stored?.durationMinutes).toBe(at);
  });
});

describe('SES feedback', () => {
  it('a permanent bounce turns the email off with one entry by {system:"ses"}; its redelivery adds none', async () => {
    const s = await salon();
    const before = (await everything(s.tenantId)).audit.length;
    const message = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent' },
      mail: { tags: { tenantId: [s.tenantId], clientId: [s.client.clientId] } },
    };
    const event = { Records: [{ Sns: { MessageId: 'sns-bounce-1', Message: JSON.stringify(message) } }] } as unknown as SNSEvent;
    await emailFeedback(event);
    await emailFeedback(event);
    const added = (await everything(s.tenantId)).audit.slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        actor: { system: 'ses' },
        action: 'update',
        resource: 'client',
        resourceId: s.client.clientId,
        changes: {
          notifications: { from: expect.objectContaining({ email: true }), to: expect.objectContaining({ email: false }) },
        },
        requestId: 'sns-bounce-1',
      }),
    ]);
  });
});
