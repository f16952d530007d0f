/**
 * The salon (tenant) entity: the `SALON` item in the tenant's partition (identity, plan and
 * subscription, limits with the salon's own rate overrides, features, settings, branding, Stripe ids,
 * owner count, soft deletion) and its slug reservation `SLUG#<slug>`. Its codecs: the whole salon as
 * the API answers it, and the fields other modules read from it (settings, a limit, the plan, ...),
 * each strict: a missing or mistyped field is an error, not `"undefined"` or NaN. The onboarding write
 * of both items, the owner count's update, the members' changes (write-guard.ts adds the caller's
 * guard to them), a Stripe event's change to its billing, and the purge's deletes are built here.
 */
import { PURGE_QUEUE, SALON_SK, slugKey, tenantMetaKey } from '../db/keys';
import { unchangedSince, updateParts } from '../db/update-expression';
import { TABLE } from '../db/table';
import { type Step, type TransactItem, step } from '../db/transact';
import { type Features, type LimitName, type Limits, PLANS, PLAN_FEATURES, PLAN_LIMITS, type Plan } from '../domain/plans';
import type { BillingChange } from '../billing/stripe-events';
import { ENDED_STATUSES } from '../domain/billing';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../domain/subscription';
import type { QuietHours, ReminderChannel, ReminderOffset } from '../domain/reminders';
import type { OnlineBookingConfirmation, Tenant, TenantBranding, TenantSettings } from '../domain/tenant';
import type { PublicSalon } from '../domain/public-salon';
import { holdPolicy } from '../domain/tenant';
import { type Item, asMap, bool, listOf, mapOf as mapIn, num, oneOf, optNum, optStr, str } from './codec';

export { SALON_SK, slugKey, tenantMetaKey };

const E = 'salon';

const mapOf = (item: Item, field: string) => mapIn(item, E, field);

export const salonPlan = (item: Item): Plan => oneOf(PLANS, item, E, 'plan');
export const salonStatus = (item: Item): SubscriptionStatus => oneOf(SUBSCRIPTION_STATUSES, item, E, 'subscriptionStatus');
export const salonName = (item: Item): string => str(item, E, 'name');
export const salonSlug = (item: Item): string => str(item, E, 'slug');
export const salonBillingEmail = (item: Item): string => str(item, E, 'billingEmail');
/** A soft-deleted salon answers 404 everywhere until it is purged. */
export const isDeleted = (item: Item): boolean => item.deletedAt !== undefined && item.deletedAt !== null;
/** Owners the salon has (never below one while it is live). */
export const salonOwnerCount = (item: Item): number => num(item, E, 'ownerCount');

const WEEK_STARTS = [0, 1] as const;
const CONFIRMATIONS: ReadonlyArray<OnlineBookingConfirmation> = ['required', 'none'];

/** The salon's settings; the hold settings are optional (salons created before them read the defaults). */
export function salonSettings(item: Item): TenantSettings {
  const s = mapOf(item, 'settings');
  const e = 'salon settings';
  const weekStartsOn = oneOf(WEEK_STARTS, s, e, 'weekStartsOn');
  const settings: TenantSettings = {
    timezone: str(s, e, 'timezone'),
    locale: str(s, e, 'locale'),
    currency: str(s, e, 'currency'),
    dateFormat: str(s, e, 'dateFormat'),
    weekStartsOn,
    slotStepMinutes: num(s, e, 'slotStepMinutes'),
    minimumNoticeMinutes: num(s, e, 'minimumNoticeMinutes'),
    bookingHorizonDays: num(s, e, 'bookingHorizonDays'),
    cancellationNoticeHours: num(s, e, 'cancellationNoticeHours'),
    maxOpenBookingsPerEmail: num(s, e, 'maxOpenBookingsPerEmail'),
  };
  if (s.onlineBookingConfirmation !== undefined) {
    settings.onlineBookingConfirmation = oneOf(CONFIRMATIONS, s, e, 'onlineBookingConfirmation');
  }
  const holdMinutes = optNum(s, e, 'pendingHoldMinutes');
  if (holdMinutes !== undefined) settings.pendingHoldMinutes = holdMinutes;
  const maxHolds = optNum(s, e, 'maxPendingHoldsPerDay');
  if (maxHolds !== undefined) settings.maxPendingHoldsPerDay = maxHolds;
  const { reminders, quietHours } = reminderFields(s);
  if (reminders) settings.reminders = reminders;
  if (quietHours) settings.quietHours = quietHours;
  const address = optStr(s, 'address');
  if (address !== undefined) settings.address = address;
  if (s.staffCopies !== undefined) settings.staffCopies = bool(s, e, 'staffCopies');
  return settings;
}

const CHANNELS: ReadonlyArray<ReminderChannel> = ['email', 'sms'];

/** The settings' reminder offsets (absent: the defaults apply) and quiet hours (absent or null: none). */
export function reminderFields(settings: Item): { reminders?: ReminderOffset[]; quietHours?: QuietHours } {
  const e = 'salon settings';
  const out: { reminders?: ReminderOffset[]; quietHours?: QuietHours } = {};
  if (settings.reminders !== undefined) {
    out.reminders = listOf(settings, e, 'reminders', (value) => {
      const r = asMap(value, 'reminder', 'reminder');
      return { before: str(r, 'reminder', 'before'), channel: oneOf(CHANNELS, r, 'reminder', 'channel') };
    });
  }
  if (settings.quietHours !== undefined && settings.quietHours !== null) {
    const q = mapIn(settings, e, 'quietHours');
    out.quietHours = { start: str(q, 'quiet hours', 'start'), end: str(q, 'quiet hours', 'end') };
  }
  return out;
}

/** The salon's time zone alone (items read with a projection of `settings.timezone`). */
export const salonTimezone = (item: Item): string => str(mapOf(item, 'settings'), 'salon settings', 'timezone');
/** The salon's locale alone (a national phone number's country), without decoding the other settings. */
export const salonLocale = (item: Item): string => str(mapOf(item, 'settings'), 'salon settings', 'locale');

/** The salon's limits (-1: unlimited), with its own request rate when it has one. */
export type SalonLimits = Limits & { requestsPerMinute?: number; requestsPerSecond?: number };

export function salonLimits(item: Item): SalonLimits {
  const l = mapOf(item, 'limits');
  const limit = (name: LimitName) => num(l, 'salon limits', name);
  const limits: SalonLimits = {
    maxUsers: limit('maxUsers'),
    maxStorage: limit('maxStorage'),
    maxApiCalls: limit('maxApiCalls'),
    maxClients: limit('maxClients'),
    maxAppointmentsPerMonth: limit('maxAppointmentsPerMonth'),
  };
  for (const rate of ['requestsPerMinute', 'requestsPerSecond'] as const) {
    const v = optNum(l, 'salon limits', rate);
    if (v !== undefined) limits[rate] = v;
  }
  return limits;
}

/** One of the salon's limits (-1: unlimited). */
export const salonLimit = (item: Item, name: LimitName): number => num(mapOf(item, 'limits'), 'salon limits', name);

/** Every feature named, so the compiler checks the codec reads all of them. */
export function salonFeatures(item: Item): Features {
  const f = mapOf(item, 'features');
  const feature = (name: keyof Features) => bool(f, 'salon features', name);
  return {
    onlineBooking: feature('onlineBooking'),
    smsReminders: feature('smsReminders'),
    apiAccess: feature('apiAccess'),
    advancedAnalytics: feature('advancedAnalytics'),
    customBranding: feature('customBranding'),
  };
}

/** The object key of the salon's branding logo, if it set one. */
export const salonLogoKey = (item: Item): string | undefined => salonBranding(item).logoKey;

function salonBranding(item: Item): TenantBranding {
  const b = mapOf(item, 'branding');
  const logoKey = optStr(b, 'logoKey');
  return {
    primaryColor: str(b, 'salon branding', 'primaryColor'),
    secondaryColor: str(b, 'salon branding', 'secondaryColor'),
    ...(logoKey !== undefined ? { logoKey } : {}),
  };
}

/**
 * What a visitor of the salon's booking page may see: identity, locale, branding and the booking rules
 * that concern them. Never billing, plan, limits, Stripe ids, owners or reminder settings.
 */
export function toPublicSalon(item: Item): PublicSalon {
  const settings = salonSettings(item);
  const branding = salonBranding(item);
  const hold = holdPolicy(settings);
  return {
    slug: salonSlug(item),
    name: salonName(item),
    timezone: settings.timezone,
    locale: settings.locale,
    currency: settings.currency,
    weekStartsOn: settings.weekStartsOn,
    address: settings.address ?? null,
    // The logo's URL is the repository's to give (it checks the file is still a ready logo).
    branding: { primaryColor: branding.primaryColor, secondaryColor: branding.secondaryColor, logoUrl: null },
    booking: {
      minimumNoticeMinutes: settings.minimumNoticeMinutes,
      bookingHorizonDays: settings.bookingHorizonDays,
      cancellationNoticeHours: settings.cancellationNoticeHours,
      maxOpenBookingsPerEmail: settings.maxOpenBookingsPerEmail,
      confirmation: hold.confirmation,
      pendingHoldMinutes: hold.holdMinutes,
    },
  };
}

/**
 * The salon as the API answers it. Attributes it does not name (Stripe ids, owner count, deletion
 * marks, keys) are left out; within its maps, only the fields the answer has.
 */
export function toTenant(item: Item): Tenant {
  return {
    id: str(item, E, 'id'),
    slug: salonSlug(item),
    name: salonName(item),
    plan: salonPlan(item),
    subscriptionStatus: salonStatus(item),
    billingEmail: salonBillingEmail(item),
    limits: salonLimits(item),
    features: salonFeatures(item),
    settings: salonSettings(item),
    branding: salonBranding(item),
    createdAt: str(item, E, 'createdAt'),
    updatedAt: str(item, E, 'updatedAt'),
  };
}

/** A salon as the user's list of salons shows it (read with a projection of these fields). */
export const toSalonSummary = (item: Item) => ({
  id: str(item, E, 'id'),
  slug: salonSlug(item),
  name: salonName(item),
  deleted: isDeleted(item),
});

/**
 * A new salon and its slug reservation, each on condition it is new; a taken slug is `slugTaken`. The
 * salon starts with its one owner counted.
 */
export function newSalonSteps(table: string, tenant: Tenant, slugTaken: () => Error): Step[] {
  return [
    step('tenant', {
      Put: {
        TableName: table,
        Item: { ...tenantMetaKey(tenant.id), [TABLE.entityAttribute]: 'tenant', ...tenant, ownerCount: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    step(
      'slug',
      {
        Put: {
          TableName: table,
          Item: { ...slugKey(tenant.slug), [TABLE.entityAttribute]: 'slug', tenantId: tenant.id, createdAt: tenant.createdAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      slugTaken,
    ),
  ];
}

/**
 * A change of the salon item by a member: write-guard's `salonUpdateSteps` applies it with the caller's
 * role and the salon's state ANDed into its condition.
 */
export interface SalonChange {
  expression: string;
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * A patch of the salon's own fields (name, billing email, `settings.<key>`, `branding.<key>`), each
 * conditioned on still holding the value read, so two admins changing different settings both win.
 */
export function salonPatch(read: Item, flat: Readonly<Record<string, unknown>>, now: string): SalonChange {
  const update = updateParts({ ...flat, updatedAt: now });
  const same = unchangedSince(read, flat);
  return {
    expression: update.UpdateExpression,
    ...(same.expression ? { condition: same.expression } : {}),
    names: { ...update.ExpressionAttributeNames, ...same.names },
    values: { ...update.ExpressionAttributeValues, ...same.values },
  };
}

/** Soft deletion: the salon answers 404 from now on and waits on GSI2, by purge date, for the purge. */
export const salonSoftDelete = (now: Date, by: string, purgeAfter: Date): SalonChange => ({
  expression: 'SET #deletedAt = :now, deletedBy = :by, purgeAfter = :purge, updatedAt = :now, #gpk = :queue, #gsk = :purge',
  names: { '#deletedAt': 'deletedAt', '#gpk': TABLE.indexes.gsi2.partitionKey, '#gsk': TABLE.indexes.gsi2.sortKey },
  values: { ':now': now.toISOString(), ':by': by, ':purge': purgeAfter.toISOString(), ':queue': PURGE_QUEUE },
});

/** The salon's Stripe customer, set once: of two concurrent checkouts, the first id written stands. */
export const salonCustomerIdSet = (customerId: string): SalonChange => ({
  expression: 'SET stripeCustomerId = :c',
  condition: 'attribute_not_exists(stripeCustomerId)',
  values: { ':c': customerId },
});

/** The purge's last write: the salon item, only while it is still a deleted salon (gone: another worker was first). */
export const salonPurgedDelete = (table: string, tenantId: string) => ({
  TableName: table,
  Key: tenantMetaKey(tenantId),
  ConditionExpression: 'attribute_not_exists(PK) OR attribute_exists(deletedAt)',
});

/** The salon a slug reservation names; undefined when the item is none. */
export const slugTenant = (item: Item | undefined): string | undefined =>
  item?.[TABLE.entityAttribute] === 'slug' ? str(item, 'slug', 'tenantId') : undefined;

/** Frees the salon's slug, only while the reservation is still this salon's (the purge's last steps). */
export const slugRelease = (table: string, slug: string, tenantId: string) => ({
  TableName: table,
  Key: slugKey(slug),
  ConditionExpression: 'tenantId = :id',
  ExpressionAttributeValues: { ':id': tenantId },
});

/** What else the owner count's update requires of the salon item (a transaction touches an item once). */
export interface SalonCondition {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** An owner joins (+1) or leaves (−1): the salon's owner count moves, on the writer's condition. */
export function ownerCountUpdate(table: string, tenantId: string, delta: 1 | -1, condition: SalonCondition): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: tenantMetaKey(tenantId),
      UpdateExpression: 'ADD ownerCount :delta',
      ...condition,
      ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':delta': delta },
    },
  };
}

/**
 * A Stripe event's change to the salon: only for the salon's own customer (its first one is kept), never
 * older than the last event applied (link events carry no order), and only while the change's rule holds.
 */
export function salonBillingUpdate(table: string, tenantId: string, change: BillingChange, now: Date): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':cus': change.customerId,
    ':sub': change.subscriptionId,
    ':eid': change.eventId,
    ':now': now.toISOString(),
    ':one': 1,
  };
  const sets = [
    'subscriptionId = :sub',
    'stripeCustomerId = if_not_exists(stripeCustomerId, :cus)',
    'lastBillingEventId = :eid',
    'updatedAt = :now',
  ];
  const set = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  };
  const s = change.set;
  if (s.plan) {
    set('plan', s.plan);
    set('limits', { ...PLAN_LIMITS[s.plan] });
    set('features', { ...PLAN_FEATURES[s.plan] });
  }
  if (s.subscriptionStatus) set('subscriptionStatus', s.subscriptionStatus);
  if (s.priceId) set('priceId', s.priceId);
  if (s.subscriptionItemId) set('subscriptionItemId', s.subscriptionItemId);
  if (s.currentPeriodEnd !== undefined) set('currentPeriodEnd', new Date(s.currentPeriodEnd * 1000).toISOString());
  if (s.cancelAtPeriodEnd !== undefined) set('cancelAtPeriodEnd', s.cancelAtPeriodEnd);

  const conditions = ['attribute_exists(PK)', '(attribute_not_exists(stripeCustomerId) OR stripeCustomerId = :cus)'];
  if (change.rule !== 'link') {
    // Seconds: events of the same second apply in arrival order; older ones never overwrite newer state.
    values[':at'] = change.at;
    sets.push('lastBillingEventAt = :at');
    conditions.push('(attribute_not_exists(lastBillingEventAt) OR lastBillingEventAt <= :at)');
  }
  const statusIn = (...statuses: ReadonlyArray<string>) => {
    names['#status'] = 'subscriptionStatus';
    const refs = statuses.map((status) => {
      values[`:st_${status}`] = status;
      return `:st_${status}`;
    });
    return `#status IN (${refs.join(', ')})`;
  };
  switch (change.rule) {
    case 'takeover':
      break;
    case 'same-subscription':
    case 'link':
      conditions.push(`(attribute_not_exists(subscriptionId) OR subscriptionId = :sub OR ${statusIn(...ENDED_STATUSES)})`);
      break;
    case 'payment-succeeded':
      conditions.push('(attribute_not_exists(subscriptionId) OR subscriptionId = :sub)', `NOT (${statusIn(...ENDED_STATUSES)})`);
      break;
    case 'payment-failed':
      conditions.push('subscriptionId = :sub', statusIn('active', 'trialing'));
      break;
  }
  return {
    Update: {
      TableName: table,
      Key: tenantMetaKey(tenantId),
      UpdateExpression: `SET ${sets.join(', ')} ADD billingEventsApplied :one`,
      ConditionExpression: conditions.join(' AND '),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

/** What a skipped billing change is weighed against: the salon's Stripe customer and its last event's time. */
export const salonBillingMarks = (item: Item) => ({
  stripeCustomerId: optStr(item, 'stripeCustomerId'),
  lastBillingEventAt: optNum(item, E, 'lastBillingEventAt'),
});
