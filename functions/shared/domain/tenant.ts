/**
 * The tenant (a salon): its shape, its defaults and the rules for the fields a member may change.
 * Plan, status, limits, features and Stripe ids are set by onboarding and billing only.
 */
import { type Features, type Limits, PLAN_FEATURES, PLAN_LIMITS, type Plan } from './plans';
import type { QuietHours, ReminderOffset } from './reminders';
import type { SubscriptionStatus } from './subscription';
import type { CreateTenantInput } from './tenant-input';

export interface TenantSettings {
  timezone: string;
  locale: string;
  currency: string;
  dateFormat: string;
  weekStartsOn: 0 | 1;
  slotStepMinutes: number;
  minimumNoticeMinutes: number;
  bookingHorizonDays: number;
  cancellationNoticeHours: number;
  maxOpenBookingsPerEmail: number;
  /** `required`: an online booking holds its slot as `pending` until the booker confirms from the emailed link. */
  onlineBookingConfirmation?: OnlineBookingConfirmation;
  /** How long an unconfirmed online booking holds its slot. */
  pendingHoldMinutes?: number;
  /** Unconfirmed online bookings a salon holds at once for one (salon-local) day. */
  maxPendingHoldsPerDay?: number;
  /** Reminder offsets (domain/reminders.ts); absent: REMINDER_DEFAULTS. */
  reminders?: ReminderOffset[];
  /** Salon-local window in which no reminder is sent (moved earlier); absent or null: none. */
  quietHours?: QuietHours | null;
  /** The salon's postal address, printed in reminders. */
  address?: string;
  /** A copy of each booked, moved and cancelled appointment's message to its staff member (if they sign in). */
  staffCopies?: boolean;
}

export type OnlineBookingConfirmation = 'required' | 'none';

/** Salons created before these settings existed read the defaults (optional above for that reason). */
export const HOLD_DEFAULTS: Required<
  Pick<TenantSettings, 'onlineBookingConfirmation' | 'pendingHoldMinutes' | 'maxPendingHoldsPerDay'>
> = {
  onlineBookingConfirmation: 'required',
  pendingHoldMinutes: 30,
  maxPendingHoldsPerDay: 10,
};

export function holdPolicy(settings: TenantSettings) {
  return {
    confirmation: settings.onlineBookingConfirmation ?? HOLD_DEFAULTS.onlineBookingConfirmation,
    holdMinutes: settings.pendingHoldMinutes ?? HOLD_DEFAULTS.pendingHoldMinutes,
    maxPerDay: settings.maxPendingHoldsPerDay ?? HOLD_DEFAULTS.maxPendingHoldsPerDay,
  };
}

export interface TenantBranding {
  primaryColor: string;
  secondaryColor: string;
  logoKey?: string;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  subscriptionStatus: SubscriptionStatus;
  billingEmail: string;
  limits: Limits;
  features: Features;
  settings: TenantSettings;
  branding: TenantBranding;
  createdAt: string;
  updatedAt: string;
}

/** Days a deleted tenant is kept (answering 404) before it is purged for good. */
export const DELETED_TENANT_RETENTION_DAYS = 30;

export function newTenant(input: CreateTenantInput & { id: string; ownerEmail: string; now: string }): Tenant {
  const plan: Plan = 'free';
  return {
    id: input.id,
    slug: input.slug,
    name: input.name,
    plan,
    // A new salon tries the product on the free plan; billing moves it to active.
    subscriptionStatus: 'trialing',
    billingEmail: input.billingEmail ?? input.ownerEmail,
    limits: { ...PLAN_LIMITS[plan] },
    features: { ...PLAN_FEATURES[plan] },
    settings: {
      timezone: input.timezone ?? 'Europe/Paris',
      locale: input.locale ?? 'fr-FR',
      currency: input.currency ?? 'EUR',
      dateFormat: 'dd/MM/yyyy',
      weekStartsOn: 1,
      slotStepMinutes: 15,
      minimumNoticeMinutes: 60,
      bookingHorizonDays: 60,
      cancellationNoticeHours: 24,
      maxOpenBookingsPerEmail: 3,
      ...HOLD_DEFAULTS,
    },
    branding: { primaryColor: '#4F46E5', secondaryColor: '#0EA5E9' },
    createdAt: input.now,
    updatedAt: input.now,
  };
}
