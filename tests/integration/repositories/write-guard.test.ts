/**
 * The write guard inside each write's own transaction, against DynamoDB Local: every tenant write is
 * called with a TenantContext the gate made before the caller was demoted or removed, or before the
 * salon was deleted or suspended. The gate is bypassed on purpose, so only the transaction can refuse;
 * it must, with the answer the gate would give, and write nothing.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { membershipKeys, tenantPk } from '../../../functions/shared/db/keys';
import type { Permission, Role } from '../../../functions/shared/domain/rbac';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { METERED_COUNTERS } from '../../../functions/shared/entities/usage';
import { bookAppointment, changeAppointment } from '../../../functions/shared/repositories/appointments';
import { saveCustomerId } from '../../../functions/shared/repositories/billing';
import { createClient, deleteClient, updateClient } from '../../../functions/shared/repositories/clients';
import { createInvitation, revokeInvitation } from '../../../functions/shared/repositories/invitations';
import { changeMemberRole, removeMember } from '../../../functions/shared/repositories/memberships';
import { createTenant } from '../../../functions/shared/repositories/onboarding';
import { scopeOf } from '../../../functions/shared/repositories/scope';
import { createService, deleteService, updateService } from '../../../functions/shared/repositories/services';
import { createStaff, deleteStaff, updateStaff } from '../../../functions/shared/repositories/staff';
import { softDeleteTenant, updateTenant } from '../../../functions/shared/repositories/tenants';
import { memberGuard } from '../../../functions/shared/repositories/write-guard';
import { addMember, db, setPlan, setTenantFields } from '../../support/fixtures';
import { SAMPLE_APPOINTMENT_START, allWeekStaffBody, sampleServiceBody } from '../../support/route-samples';

let seq = 0;
const caller = 'guard-caller';

function contextOf(tenantId: string, role: Role, permission: Permission): TenantContext {
  return {
    tenantId,
    userId: caller,
    role,
    plan: 'professional',
    subscriptionStatus: 'active',
    permission,
    access: 'all',
  } as TenantContext;
}

/** A salon with its owner, the caller as `role`, another member, a service, a client, a staff member and an appointment. */
async function fixture(role: Role) {
  const n = seq++;
  const tenant = await createTenant(
    { userId: `guard-owner-${n}`, email: `guard-owner-${n}@example.test` },
    { name: 'Guard', slug: `guard-${Date.now().toString(36)}-${n}`, timezone: 'Europe/Paris', currency: 'EUR' },
  );
  await setPlan(tenant.id, 'professional');
  // No Stripe customer yet, so checkout's write (the customer id) is there to be refused.
  await db().send(
    new UpdateCommand({
      TableName: inject('endpoints').tableName,
      Key: { PK: tenantPk(tenant.id), SK: 'SALON' },
      UpdateExpression: 'REMOVE stripeCustomerId',
    }),
  );
  await addMember(tenant.id, caller, 'caller@example.test', role);
  await addMember(tenant.id, 'guard-other', 'other@example.test', 'viewer');
  const setup = contextOf(tenant.id, role, 'services:create');
  const service = await createService(setup, sampleServiceBody());
  const client = await createClient(setup, { name: 'Ada', email: `ada-${n}@example.test` });
  const staff = await createStaff(setup, allWeekStaffBody([service.serviceId]));
  // Nobody is booked with this one, so deleting them is allowed in itself.
  const idle = await createStaff(setup, allWeekStaffBody([]));
  const appointment = await bookAppointment(scopeOf(setup), {
    clientId: client.clientId,
    serviceId: service.serviceId,
    staffId: staff.staffId,
    start: new Date(SAMPLE_APPOINTMENT_START),
    source: 'staff',
    createdBy: caller,
    enforceRules: false,
  });
  const invitation = await createInvitation(setup, { email: `invitee-${n}@example.test`, role: 'viewer' });
  return { tenantId: tenant.id, service, client, staff, idle, appointment, invitation };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** Every tenant write of the repositories, as its route calls it, with the permission of that route. */
const writes: Array<[string, Permission, (ctx: TenantContext, f: Fixture) => Promise<unknown>]> = [
  ['updateTenant', 'settings:update', (ctx) => updateTenant(ctx, { name: 'Renamed' })],
  ['deleteTenant', 'tenant:delete', (ctx) => softDeleteTenant(ctx)],
  ['updateMember', 'users:update', (ctx) => changeMemberRole(ctx, 'guard-other', 'employee')],
  ['removeMember', 'users:delete', (ctx) => removeMember(ctx, 'guard-other')],
  ['createInvitation', 'users:create', (ctx) => createInvitation(ctx, { email: `late-${seq++}@example.test`, role: 'viewer' })],
  ['revokeInvitation', 'users:delete', (ctx, f) => revokeInvitation(ctx, f.invitation.invitationId)],
  ['checkout (customer id)', 'billing:manage', (ctx) => saveCustomerId(ctx, 'cus_guard')],
  ['createClient', 'clients:create', (ctx) => createClient(ctx, { name: 'Late' })],
  ['updateClient', 'clients:update', (ctx, f) => updateClient(ctx, f.client.clientId, { name: 'Late' })],
  ['updateClient (email)', 'clients:update', (ctx, f) => updateClient(ctx, f.client.clientId, { email: 'late@example.test' })],
  ['deleteClient', 'clients:delete', (ctx, f) => deleteClient(ctx, f.client.clientId)],
  ['createService', 'services:create', (ctx) => createService(ctx, sampleServiceBody())],
  ['updateService', 'services:update', (ctx, f) => updateService(ctx, f.service.serviceId, { active: false })],
  ['deleteService', 'services:delete', (ctx, f) => deleteService(ctx, f.service.serviceId)],
  ['createStaff', 'users:create', (ctx) => createStaff(ctx, allWeekStaffBody([]))],
  ['updateStaff', 'users:update', (ctx, f) => updateStaff(ctx, f.staff.staffId, { name: 'Late' })],
  ['updateStaff (services)', 'users:update', (ctx, f) => updateStaff(ctx, f.staff.staffId, { serviceIds: [] })],
  ['deleteStaff', 'users:delete', (ctx, f) => deleteStaff(ctx, f.idle.staffId)],
  [
    'createAppointment',
    'appointments:create',
    (ctx, f) =>
      bookAppointment(
        scopeOf(ctx),
        {
          clientId: f.client.clientId,
          serviceId: f.service.serviceId,
          staffId: f.staff.staffId,
          start: new Date('2031-03-05T10:00:00+01:00'),
          source: 'staff',
          createdBy: caller,
          enforceRules: false,
        },
        { guard: memberGuard(ctx) },
      ),
  ],
  [
    'updateAppointment',
    'appointments:update',
    (ctx, f) =>
      changeAppointment(
        scopeOf(ctx),
        f.appointment.appointmentId,
        { notes: 'late' },
        { userId: caller, access: 'all', guard: memberGuard(ctx) },
      ),
  ],
  [
    'updateAppointment (move)',
    'appointments:update',
    (ctx, f) =>
      changeAppointment(
        scopeOf(ctx),
        f.appointment.appointmentId,
        { start: new Date('2031-03-04T15:00:00+01:00') },
        { userId: caller, access: 'all', guard: memberGuard(ctx) },
      ),
  ],
];

/**
 * The tenant's partition as it stands. Queued emails by key only: the local mailer marks them sent
 * while the test runs.
 */
async function partition(tenantId: string): Promise<string> {
  const out = await db().send(
    new QueryCommand({
      TableName: inject('endpoints').tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': tenantPk(tenantId) },
      ConsistentRead: true,
    }),
  );
  // Outbox messages are left out, and so are the counters their delivery and the API-call metering move
  // (cost per salon): the stream consumers deliver the fixture's own messages (booked, welcome) after
  // the fact, while a refused transaction writes none of its items at all.
  // Measured DynamoDB capacity and job time (metering/capacity.ts) among them, added when the meter lines arrive.
  const AFTER_THE_FACT = ['emailsSent', 'smsSent', 'remindersFired', ...METERED_COUNTERS];
  return JSON.stringify(
    (out.Items ?? [])
      .filter((item) => item.entity !== 'email')
      .map((item) =>
        Object.fromEntries(
          // Those updates also tag the month's item with its entity name.
          // Sorted: an item rewritten after the fact may come back with its attributes in another order.
          Object.entries(item)
            .filter(([k]) => !AFTER_THE_FACT.includes(k) && !(k === 'entity' && String(item.SK).startsWith('USAGE#')))
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      ),
  );
}

const changes: Array<[string, (f: Fixture) => Promise<void>, { status: number; code: string }]> = [
  ['demoted since the decision', (f) => demoteCaller(f.tenantId, 'viewer'), { status: 403, code: 'FORBIDDEN' }],
  ['removed since the decision', (f) => removeCaller(f.tenantId), { status: 404, code: 'NOT_FOUND' }],
  [
    'salon deleted since the decision',
    (f) => setTenantFields(f.tenantId, { deletedAt: new Date().toISOString() }),
    { status: 404, code: 'NOT_FOUND' },
  ],
];

async function demoteCaller(tenantId: string, role: Role): Promise<void> {
  const { PK, SK } = membershipKeys(tenantId, caller);
  await db().send(
    new UpdateCommand({
      TableName: inject('endpoints').tableName,
      Key: { PK, SK },
      UpdateExpression: 'SET #r = :r',
      ExpressionAttributeNames: { '#r': 'role' },
      ExpressionAttributeValues: { ':r': role },
    }),
  );
}

async function removeCaller(tenantId: string): Promise<void> {
  const { PK, SK } = membershipKeys(tenantId, caller);
  await db().send(new DeleteCommand({ TableName: inject('endpoints').tableName, Key: { PK, SK } }));
}

describe('every tenant write proves the caller and the salon in its own transaction', () => {
  describe.each(changes)('caller %s', (_label, change, expected) => {
    it.each(writes)('%s refuses and writes nothing', async (_name, permission, write) => {
      const f = await fixture('owner');
      const ctx = contextOf(f.tenantId, 'owner', permission);
      await change(f);
      const before = await partition(f.tenantId);
      await expect(write(ctx, f)).rejects.toMatchObject(expected);
      expect(await partition(f.tenantId)).toBe(before);
    });
  });

  it.each(writes.filter(([, p]) => !p.startsWith('billing:')))(
    '%s refuses a salon suspended since the decision (403 TENANT_SUSPENDED)',
    async (_name, permission, write) => {
      const f = await fixture('owner');
      const ctx = contextOf(f.tenantId, 'owner', permission);
      await setTenantFields(f.tenantId, { subscriptionStatus: 'canceled' });
      const before = await partition(f.tenantId);
      await expect(write(ctx, f)).rejects.toMatchObject({ status: 403, code: 'TENANT_SUSPENDED' });
      expect(await partition(f.tenantId)).toBe(before);
    },
  );

  it('billing still works for a suspended salon: that is how it pays its way back', async () => {
    const f = await fixture('owner');
    await setTenantFields(f.tenantId, { subscriptionStatus: 'canceled' });
    await expect(saveCustomerId(contextOf(f.tenantId, 'owner', 'billing:manage'), 'cus_back')).resolves.toBe('cus_back');
  });

  it.each(writes)('%s goes through when nothing changed (positive control)', async (_name, permission, write) => {
    const f = await fixture('owner');
    await write(contextOf(f.tenantId, 'owner', permission), f);
  });
});
