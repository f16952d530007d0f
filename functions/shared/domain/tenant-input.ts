/**
 * What a member may send about a tenant, as zod schemas. Kept apart from the entity so routes that only
 * read a tenant do not bundle (and build at cold start) every validator.
 *
 * Every schema is built in a closure marked `@__PURE__`, so that a function bundles (and builds at cold
 * start) only the schemas it uses: esbuild keeps any call it cannot prove free of side effects, and it
 * reads zod's own `@__NO_SIDE_EFFECTS__` marks only inside zod's files.
 */
import * as z from 'zod/mini';
import { MAX_REMINDERS, offsetMinutes } from './reminders';
import { displayName } from './text';

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'www',
  'app',
  'api',
  'admin',
  'administrator',
  'auth',
  'login',
  'logout',
  'signin',
  'signup',
  'register',
  'account',
  'accounts',
  'billing',
  'dashboard',
  'docs',
  'help',
  'support',
  'status',
  'mail',
  'email',
  'static',
  'assets',
  'cdn',
  'public',
  'internal',
  'system',
  'root',
  'rendezvous',
  'v1',
  'v2',
  'health',
  'webhooks',
  'stripe',
  'tenant',
  'tenants',
  'security',
  'legal',
  'terms',
  'privacy',
  'blog',
  'about',
  'pricing',
  'test',
  'null',
  'undefined',
  // A static segment beside `/v1/public/{slug}`.
  'unsubscribe',
]);

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const isLocale = (locale: string) => {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
};
/** Built at the first currency checked, not at cold start. */
let currencies: ReadonlySet<string> | undefined;
const isCurrency = (c: string) => {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(c);
};

export const Slug = /* @__PURE__ */ (() =>
  z.string().check(
    z.regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'Use 3 to 63 lower-case letters, digits and single hyphens.'),
    z.refine((s) => !RESERVED_SLUGS.has(s), 'This slug is reserved.'),
  ))();
const Name = /* @__PURE__ */ (() => displayName())();
const Email = /* @__PURE__ */ (() => z.email().check(z.maxLength(254)))();
const TimeZone = /* @__PURE__ */ (() => z.string().check(z.refine(isTimeZone, 'Use an IANA time zone such as Europe/Paris.')))();
const Locale = /* @__PURE__ */ (() =>
  z.string().check(z.maxLength(35), z.refine(isLocale, 'Use a BCP 47 locale such as fr-FR.')))();
const Currency = /* @__PURE__ */ (() => z.string().check(z.refine(isCurrency, 'Use an ISO 4217 currency code such as EUR.')))();
const HexColor = /* @__PURE__ */ (() => z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'Use a hex colour such as #4F46E5.')))();
const DateFormat = /* @__PURE__ */ (() => z.enum(['dd/MM/yyyy', 'MM/dd/yyyy', 'yyyy-MM-dd', 'dd.MM.yyyy']))();
const HourMinute = /* @__PURE__ */ (() => z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24 h).')))();
/** Reminder offsets: ISO 8601 durations from 15 minutes to 14 days, each at most once. */
const Reminders = /* @__PURE__ */ (() =>
  z
    .array(
      z.strictObject({
        before: z.string().check(
          z.maxLength(12),
          z.refine((d) => offsetMinutes(d) !== undefined, 'Use an ISO 8601 duration from PT15M to P14D, such as PT24H.'),
        ),
        channel: z.enum(['email', 'sms']),
      }),
    )
    .check(
      z.maxLength(MAX_REMINDERS),
      z.refine((list) => new Set(list.map((r) => r.before)).size === list.length, 'Each offset at most once.'),
    ))();
const QuietHoursBody = /* @__PURE__ */ (() =>
  z
    .strictObject({ start: HourMinute, end: HourMinute })
    .check(z.refine((q) => q.start !== q.end, 'Quiet hours start and end differ.')))();
const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

export const CreateTenantBody = /* @__PURE__ */ (() =>
  z.strictObject({
    name: Name,
    slug: Slug,
    billingEmail: z.optional(Email),
    timezone: z.optional(TimeZone),
    locale: z.optional(Locale),
    currency: z.optional(Currency),
  }))();
export type CreateTenantInput = z.infer<typeof CreateTenantBody>;

/**
 * Strict: a body naming plan, status, limits, features or Stripe ids is refused with 400, not silently
 * trimmed, so a client learns at once that those are not theirs to set.
 */
export const UpdateTenantBody = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(Name),
      billingEmail: z.optional(Email),
      settings: z.optional(
        z.strictObject({
          timezone: z.optional(TimeZone),
          locale: z.optional(Locale),
          currency: z.optional(Currency),
          dateFormat: z.optional(DateFormat),
          weekStartsOn: z.optional(z.literal([0, 1])),
          // One literal of several values, not a union of literals: the same check without bundling unions.
          slotStepMinutes: z.optional(z.literal([5, 10, 15, 20, 30, 60])),
          minimumNoticeMinutes: z.optional(int(0, 7 * 24 * 60)),
          bookingHorizonDays: z.optional(int(1, 365)),
          cancellationNoticeHours: z.optional(int(0, 14 * 24)),
          maxOpenBookingsPerEmail: z.optional(int(1, 50)),
          onlineBookingConfirmation: z.optional(z.enum(['required', 'none'])),
          pendingHoldMinutes: z.optional(int(5, 24 * 60)),
          maxPendingHoldsPerDay: z.optional(int(1, 200)),
          reminders: z.optional(Reminders),
          quietHours: z.optional(z.nullable(QuietHoursBody)),
          address: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(200)))),
          staffCopies: z.optional(z.boolean()),
        }),
      ),
      branding: z.optional(
        z.strictObject({
          primaryColor: z.optional(HexColor),
          secondaryColor: z.optional(HexColor),
          // The object key of a ready logo file of this salon (POST .../files, then complete); checked in the write.
          logoKey: z.optional(
            z.nullable(z.string().check(z.regex(/^tenants\/[0-9A-HJKMNP-TV-Z]{26}\/files\/[0-9A-HJKMNP-TV-Z]{26}$/))),
          ),
        }),
      ),
    })
    .check(z.refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')))();
export type UpdateTenantInput = z.infer<typeof UpdateTenantBody>;
