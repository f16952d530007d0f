/**
 * The demo salon of `npm start`: its owner account in the local pool and the tenant itself, created
 * through the same repository code the API uses. Idempotent: a restart finds them and moves on.
 */
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../functions/shared/db/client';
import { slugKey, tenantMetaKey } from '../functions/shared/db/keys';
import type { Staff } from '../functions/shared/domain/schedule';
import type { CreateServiceInput } from '../functions/shared/domain/service-input';
import type { TenantContext } from '../functions/shared/domain/tenant-context';
import { addDays, localParts, weekdayOf, zonedInstant } from '../functions/shared/domain/zoned-time';
import { bookAppointment, changeAppointment } from '../functions/shared/repositories/appointments';
import { createClient } from '../functions/shared/repositories/clients';
import { createTenant } from '../functions/shared/repositories/onboarding';
import { scopeOf } from '../functions/shared/repositories/scope';
import { createService } from '../functions/shared/repositories/services';
import { createStaff } from '../functions/shared/repositories/staff';
import { LocalStartError } from './ports';
import { cognitoAdmin, ensureUser } from './provision';

export const DEMO_OWNER = { email: 'owner@demo-salon.test', password: 'DemoSalon2026!' };
export const DEMO_SALON = { name: 'Demo Salon', slug: 'demo-salon' };

export async function seedDemo(cognitoEndpoint: string, userPoolId: string): Promise<{ tenantId: string }> {
  await ensureUser(cognitoEndpoint, userPoolId, DEMO_OWNER.email, DEMO_OWNER.password);
  const admin = cognitoAdmin(cognitoEndpoint);
  let userId: string | undefined;
  try {
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: DEMO_OWNER.email }));
    userId = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
  } finally {
    admin.destroy();
  }
  if (!userId) throw new Error('The demo owner has no subject in the local pool.');

  const existing = await documentClient().send(new GetCommand({ TableName: tableName(), Key: slugKey(DEMO_SALON.slug) }));
  if (existing.Item) {
    const tenantId = String(existing.Item.tenantId);
    const salon = await documentClient().send(new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId) }));
    if (!salon.Item) {
      throw new LocalStartError(
        'The local data was written by an older version with another key layout: stop, delete the data folder (.data/ unless RENDEZVOUS_DATA_DIR says otherwise) and start again.',
      );
    }
    return { tenantId };
  }
  const tenant = await createTenant(
    { userId, email: DEMO_OWNER.email },
    { ...DEMO_SALON, timezone: 'Europe/Paris', currency: 'EUR' },
  );
  await seedCatalog({
    tenantId: tenant.id,
    userId,
    role: 'owner',
    plan: tenant.plan,
    subscriptionStatus: tenant.subscriptionStatus,
    // The owner holds every permission; the guard reads this one only to know suspension applies.
    permission: 'services:create',
    access: 'all',
  } as unknown as TenantContext);
  return { tenantId: tenant.id };
}

const TIMEZONE = 'Europe/Paris';
const day = (ranges: Array<[string, string]>) => ranges.map(([start, end]) => ({ start, end }));

/**
 * What a salon looks like after a week of use: services, two stylists with their hours, a few clients
 * and appointments over the next days, all written through the API's repositories (so the same
 * conditions and counters apply). The owner is Camille's member account, so `:own` can be tried.
 */
async function seedCatalog(ctx: TenantContext): Promise<void> {
  const service = (name: string, durationMinutes: number, amount: number, extra: Partial<CreateServiceInput> = {}) =>
    createService(ctx, { name, durationMinutes, price: { amount, currency: 'EUR' }, ...extra });
  const womens = await service('Coupe femme', 45, 4500, { bufferAfterMinutes: 10 });
  const mens = await service('Coupe homme', 30, 2500);
  const colour = await service('Couleur', 90, 8000, { bufferBeforeMinutes: 10, bufferAfterMinutes: 15 });
  const blowDry = await service('Brushing', 30, 2000);
  const everyone = [womens, mens, colour, blowDry].map((s) => s.serviceId);
  const weekdays = day([
    ['09:00', '12:30'],
    ['13:30', '19:00'],
  ]);
  const camille = await createStaff(ctx, {
    name: 'Camille',
    serviceIds: everyone,
    workingHours: { tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: day([['09:00', '17:00']]) },
    userId: ctx.userId,
  });
  const hugo = await createStaff(ctx, {
    name: 'Hugo',
    serviceIds: [mens.serviceId, blowDry.serviceId],
    workingHours: {
      mon: day([['10:00', '19:00']]),
      tue: day([['10:00', '19:00']]),
      wed: day([['10:00', '14:00']]),
      sat: day([['09:00', '18:00']]),
    },
  });
  const clients = [];
  for (const [name, email, phone] of [
    ['Léa Martin', 'lea.martin@example.test', '+33 6 11 22 33 44'],
    ['Thomas Bernard', 'thomas.bernard@example.test', '+33 6 55 66 77 88'],
    ['Chloé Petit', 'chloe.petit@example.test', undefined],
  ] as const) {
    clients.push(await createClient(ctx, { name, email, ...(phone ? { phone } : {}) }));
  }
  // The next working days of each stylist, from tomorrow in the salon's timezone.
  const upcoming = (staff: Staff, count: number) => {
    const dates: string[] = [];
    for (let d = addDays(localParts(new Date(), TIMEZONE).date, 1); dates.length < count; d = addDays(d, 1)) {
      if ((staff.workingHours[weekdayOf(d)] ?? []).length > 0) dates.push(d);
    }
    return dates;
  };
  const [c1, c2] = upcoming(camille, 2);
  const [h1] = upcoming(hugo, 1);
  const scope = scopeOf(ctx);
  const bookings = [
    { staff: camille, date: c1, time: '09:30', serviceId: womens.serviceId, client: clients[0] },
    { staff: camille, date: c1, time: '14:00', serviceId: colour.serviceId, client: clients[2] },
    { staff: camille, date: c2, time: '11:00', serviceId: blowDry.serviceId, client: clients[0] },
    { staff: hugo, date: h1, time: '10:30', serviceId: mens.serviceId, client: clients[1] },
  ];
  for (const b of bookings) {
    const start = b.date ? zonedInstant(b.date, b.time, TIMEZONE) : undefined;
    if (!start || !b.client) continue;
    await bookAppointment(scope, {
      serviceId: b.serviceId,
      staffId: b.staff.staffId,
      start,
      clientId: b.client.clientId,
      source: 'staff',
      createdBy: ctx.userId,
      enforceRules: false,
    });
  }
  // Camille's last working day before today: one visit completed, one missed, so the analytics show revenue.
  let past = addDays(localParts(new Date(), TIMEZONE).date, -1);
  while ((camille.workingHours[weekdayOf(past)] ?? []).length === 0) past = addDays(past, -1);
  const closed = [
    { time: '10:00', serviceId: womens.serviceId, client: clients[1], status: ['in_progress', 'completed'] as const },
    { time: '15:00', serviceId: blowDry.serviceId, client: clients[2], status: ['no_show'] as const },
  ];
  for (const v of closed) {
    const start = zonedInstant(past, v.time, TIMEZONE);
    if (!start || !v.client) continue;
    const visit = await bookAppointment(scope, {
      serviceId: v.serviceId,
      staffId: camille.staffId,
      start,
      clientId: v.client.clientId,
      source: 'staff',
      createdBy: ctx.userId,
      enforceRules: false,
    });
    for (const status of v.status) {
      await changeAppointment(scope, visit.appointmentId, { status }, { userId: ctx.userId, access: 'all' });
    }
  }
}
