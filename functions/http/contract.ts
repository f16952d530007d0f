/**
 * What every route answers when it succeeds: status and body schema, by route id. Request schemas live
 * in each handler (`export const schemas`), which validates with them; this module is read only by the
 * OpenAPI generator (docs/openapi.ts) and, through docs/openapi.json, by the e2e suite, which checks
 * every answer against it. No handler imports it, so no bundle carries it.
 */
import * as z from 'zod/mini';
import type { RouteId } from '../routes';
import { FILLED_PAGE_READS } from '../shared/db/read';
import { APPOINTMENT_STATUSES } from '../shared/domain/appointment-status';
import { AUDIT_ACTIONS, AUDIT_RESOURCES, SYSTEM_ACTORS } from '../shared/domain/audit';
import { EXPORT_STATUSES } from '../shared/domain/exports';
import { FILE_PURPOSES, FILE_STATUSES } from '../shared/domain/files';
import { PLANS } from '../shared/domain/plans';
import { recordOf } from '../shared/domain/closed-lists';
import { ROLES } from '../shared/domain/rbac';
import { WEEKDAYS } from '../shared/domain/schedule';
import { SUBSCRIPTION_STATUSES } from '../shared/domain/subscription';

const Instant = z.iso.datetime({ offset: true });
const Id = z.string();
const Count = z.int();
const Money = z.strictObject({ amount: z.int(), currency: z.string() });

/** An estimate from the platform's counters times list prices (functions/shared/domain/costs.ts). */
const CostEstimate = z.strictObject({
  currency: z.literal('USD'),
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  total: z.strictObject({ amount: z.int(), amountMicros: z.int(), currency: z.literal('USD') }),
  lines: z.array(
    z.strictObject({
      item: z.string(),
      quantity: z.number(),
      unit: z.string(),
      unitPrice: z.string(),
      amount: z.int(),
      amountMicros: z.int(),
    }),
  ),
});

/** A salon export (functions/shared/repositories/exports.ts). */
const SalonExport = z.strictObject({
  exportId: Id,
  status: z.enum(EXPORT_STATUSES),
  createdAt: Instant,
  updatedAt: Instant,
  completedAt: z.nullable(Instant),
  expiresAt: z.nullable(Instant),
  progress: z.strictObject({ parts: Count, records: z.record(z.string(), Count) }),
  files: z.nullable(z.strictObject({ count: Count, bytes: Count })),
  error: z.nullable(z.string()),
});
const SalonExportWithLinks = z.extend(SalonExport, {
  downloads: z.array(z.strictObject({ name: z.string(), url: z.url() })),
  linksExpireAt: z.nullable(Instant),
  nextAfter: z.nullable(z.string()),
});

/** `{"items":[...],"nextCursor":...}`: the previous page's `nextCursor` is the next request's `cursor`. */
const Page = (item: z.ZodMiniType) => z.strictObject({ items: z.array(item), nextCursor: z.nullable(z.string()) });
/** A page read through a filter (db/read.ts `queryFilledPage`); `partial` as FILLED tells. */
const FilteredPage = (item: z.ZodMiniType) =>
  z.strictObject({ items: z.array(item), nextCursor: z.nullable(z.string()), partial: z.boolean() });
const FILLED = (what: string) =>
  `A page of ${what}. Filtered in DynamoDB after its \`Limit\`, so the server reads on until the page holds \`limit\` matches, in at most ${FILLED_PAGE_READS} Queries (each evaluating twice the items of the one before, from \`limit\`, at most 1,000). \`partial: true\`: it stopped at that bound with fewer; follow \`nextCursor\` (null only at the end, either way).`;

const AuditEntry = z.strictObject({
  auditId: Id,
  at: Instant,
  actor: z.union([
    z.strictObject({ userId: Id, email: z.optional(z.string()), role: z.enum(ROLES) }),
    z.strictObject({ system: z.enum(SYSTEM_ACTORS) }),
  ]),
  action: z.enum(AUDIT_ACTIONS),
  resource: z.enum(AUDIT_RESOURCES),
  resourceId: Id,
  changes: z.record(z.string(), z.strictObject({ from: z.optional(z.unknown()), to: z.optional(z.unknown()) })),
  ip: z.optional(z.string()),
  userAgent: z.optional(z.string()),
  requestId: z.optional(z.string()),
});

const Limits = z.strictObject({
  maxUsers: Count,
  maxStorage: Count,
  maxApiCalls: Count,
  maxClients: Count,
  maxAppointmentsPerMonth: Count,
  /** A salon's own request rate, when it has one (else its plan's). */
  requestsPerMinute: z.optional(Count),
  requestsPerSecond: z.optional(Count),
});
const Features = z.strictObject({
  onlineBooking: z.boolean(),
  smsReminders: z.boolean(),
  apiAccess: z.boolean(),
  advancedAnalytics: z.boolean(),
  customBranding: z.boolean(),
});
const Plan = z.enum(PLANS);
const Role = z.enum(ROLES);
const SubscriptionStatus = z.enum(SUBSCRIPTION_STATUSES);

const Tenant = z.strictObject({
  id: Id,
  slug: z.string(),
  name: z.string(),
  plan: Plan,
  subscriptionStatus: SubscriptionStatus,
  billingEmail: z.string(),
  limits: Limits,
  features: Features,
  settings: z.strictObject({
    timezone: z.string(),
    locale: z.string(),
    currency: z.string(),
    dateFormat: z.string(),
    weekStartsOn: z.union([z.literal(0), z.literal(1)]),
    slotStepMinutes: Count,
    minimumNoticeMinutes: Count,
    bookingHorizonDays: Count,
    cancellationNoticeHours: Count,
    maxOpenBookingsPerEmail: Count,
    onlineBookingConfirmation: z.optional(z.enum(['required', 'none'])),
    pendingHoldMinutes: z.optional(Count),
    maxPendingHoldsPerDay: z.optional(Count),
    reminders: z.optional(z.array(z.strictObject({ before: z.string(), channel: z.enum(['email', 'sms']) }))),
    quietHours: z.optional(z.strictObject({ start: z.string(), end: z.string() })),
    address: z.optional(z.string()),
    staffCopies: z.optional(z.boolean()),
  }),
  branding: z.strictObject({ primaryColor: z.string(), secondaryColor: z.string(), logoKey: z.optional(z.string()) }),
  createdAt: Instant,
  updatedAt: Instant,
});

const Member = z.strictObject({ userId: Id, email: z.string(), role: Role, joinedAt: Instant });
const Invitation = z.strictObject({
  invitationId: Id,
  email: z.string(),
  role: Role,
  invitedBy: Id,
  createdAt: Instant,
  expiresAt: Instant,
});
const SalonMembership = z.strictObject({ tenantId: Id, slug: z.string(), name: z.string(), role: Role });

const Client = z.strictObject({
  clientId: Id,
  name: z.string(),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  notes: z.optional(z.string()),
  notifications: z.strictObject({ email: z.boolean(), sms: z.boolean() }),
  createdAt: Instant,
  updatedAt: Instant,
});

const StoredFile = z.strictObject({
  fileId: Id,
  purpose: z.enum(FILE_PURPOSES),
  clientId: z.optional(Id),
  status: z.enum(FILE_STATUSES),
  contentType: z.string(),
  size: Count,
  fileName: z.string(),
  objectKey: z.string(),
  uploadExpiresAt: Instant,
  createdAt: Instant,
  updatedAt: Instant,
});

const FileUpload = z.strictObject({
  file: StoredFile,
  upload: z.strictObject({
    method: z.literal('POST'),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    expiresAt: Instant,
  }),
});

const FileWithDownload = z.extend(StoredFile, { downloadUrl: z.nullable(z.string()), downloadExpiresAt: z.nullable(Instant) });

const KeyStatus = z.strictObject({
  currentVersion: Count,
  versions: z.array(z.strictObject({ version: Count, createdAt: Instant, current: z.boolean(), indexRoot: z.boolean() })),
  rotationDueAt: Instant,
  reencryption: z.nullable(
    z.strictObject({
      targetVersion: Count,
      phase: z.enum(['rewrite', 'verify', 'done']),
      pass: Count,
      startedAt: Instant,
      updatedAt: Instant,
      quietAfter: Instant,
      finishedAt: z.nullable(Instant),
      scanned: Count,
      rewritten: Count,
      oldValues: Count,
      deletedVersions: z.array(Count),
    }),
  ),
});

const Unsubscription = z.strictObject({
  channel: z.enum(['email', 'sms']),
  subscribed: z.boolean(),
  changed: z.boolean(),
});

const Service = z.strictObject({
  serviceId: Id,
  name: z.string(),
  durationMinutes: Count,
  price: Money,
  bufferBeforeMinutes: Count,
  bufferAfterMinutes: Count,
  active: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});

const TimeRange = z.strictObject({ start: z.string(), end: z.string() });
const Staff = z.strictObject({
  staffId: Id,
  name: z.string(),
  serviceIds: z.array(Id),
  workingHours: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.optional(z.array(TimeRange))]))),
  timeOff: z.array(z.strictObject({ start: Instant, end: Instant })),
  userId: z.optional(Id),
  createdAt: Instant,
  updatedAt: Instant,
});

const bookingFields = {
  appointmentId: Id,
  serviceId: Id,
  staffId: Id,
  start: Instant,
  end: Instant,
  status: z.enum(APPOINTMENT_STATUSES),
  /** While an online booking waits for its confirmation: until when the slot is held. */
  holdExpiresAt: z.optional(Instant),
  notes: z.optional(z.string()),
  price: Money,
  source: z.enum(['staff', 'online']),
  createdAt: Instant,
  updatedAt: Instant,
};
const Appointment = z.strictObject({ ...bookingFields, clientId: Id });
/** An anonymous booker never sees the client id. */
const PublicBooking = z.strictObject(bookingFields);

const Slot = z.strictObject({ start: Instant, staffId: Id });
/** One date (`date`), a range (`from`/`to`), or a range's per-date counts (`summary=1`). */
const AVAILABILITY =
  'Free start times, in the salon timezone, per staff member. `?date=YYYY-MM-DD`: `{date, timezone, slots:[{start, staffId}]}`. `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both included, at most 42 days; instead of `date`): `{timezone, days:[{date, slots}]}`, each date as `date=` answers it. With `summary=1` (range only), for a month calendar: `{timezone, days:[{date, count}]}`, the number of open (start, staff member) pairs per date. Every form reads only what it needs: with `staffId`, one BatchGet (the salon, the service, that staff member and their days); without, the salon and the service with the staff who offer it, then one Query over their days of the range.';
const Availability = z.union([
  z.strictObject({ date: z.iso.date(), timezone: z.string(), slots: z.array(Slot) }),
  z.strictObject({ timezone: z.string(), days: z.array(z.strictObject({ date: z.iso.date(), slots: z.array(Slot) })) }),
  z.strictObject({ timezone: z.string(), days: z.array(z.strictObject({ date: z.iso.date(), count: Count })) }),
]);

/** Liveness (`checks.dynamodb`: ok/unavailable), or with `deep=1` every dependency up/down. */
const Health = z.union([
  z.strictObject({
    status: z.enum(['ok', 'unavailable']),
    time: Instant,
    checks: z.strictObject({
      dynamodb: z.strictObject({ status: z.enum(['ok', 'unavailable']), latencyMs: Count }),
    }),
  }),
  z.strictObject({
    status: z.enum(['ok', 'unavailable']),
    time: Instant,
    checks: z.record(z.string(), z.strictObject({ status: z.enum(['up', 'down']), latencyMs: Count })),
  }),
]);

/** The one error answer of every route (handlers and gateway alike). */
export const ErrorEnvelope = z.strictObject({
  error: z.strictObject({
    code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/)),
    message: z.string(),
    details: z.optional(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())])),
  }),
  requestId: z.string(),
});

export interface Answer {
  /** 302: a redirect, no body (`Location`). */
  status: 200 | 201 | 204 | 302;
  /** Absent: no body (204). */
  body?: z.ZodMiniType;
  description: string;
  /** The same answer as an HTML page too, for a browser (chosen by `Accept`): what decides which. */
  html?: string;
  /** A file rather than JSON: its media types (chosen by the request), answered as an attachment. */
  files?: ReadonlyArray<string>;
  /** Other statuses a route answers with a body of its own rather than the error envelope. */
  also?: Partial<Record<number, { body: z.ZodMiniType; description: string }>>;
  /** What a route reads beyond its handler's `schemas` (a raw body verified by signature, its header). */
  request?: {
    /** `mediaType` when the body is not JSON (a form, a signed raw payload). */
    body?: { schema: z.ZodMiniType; description: string; mediaType?: string };
    headers?: ReadonlyArray<{ name: string; description: string }>;
  };
}

const LocalDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const Rate = z.number().check(z.gte(0), z.lte(1));
const Analytics = z.strictObject({
  period: z.strictObject({ type: z.enum(['day', 'week', 'month']), from: LocalDate, to: LocalDate }),
  appointments: z.strictObject({
    byStatus: z.strictObject(recordOf(APPOINTMENT_STATUSES, () => Count)),
    total: Count,
    completed: Count,
    cancelled: Count,
    completionRate: Rate,
  }),
  revenue: z.array(Money),
  newClients: Count,
  topServices: z.array(z.strictObject({ serviceId: Id, name: z.nullable(z.string()), bookings: Count, revenue: z.array(Money) })),
  advanced: z.optional(
    z.strictObject({
      staffUtilisation: z.array(
        z.strictObject({
          staffId: Id,
          name: z.string(),
          bookedMinutes: Count,
          workingMinutes: Count,
          utilisation: z.nullable(z.number().check(z.gte(0))),
        }),
      ),
      noShowRate: Rate,
      busiestHours: z.array(z.strictObject({ hour: z.int().check(z.gte(0), z.lte(23)), appointments: Count })),
      daily: z.array(
        z.strictObject({
          date: LocalDate,
          appointments: Count,
          completed: Count,
          cancelled: Count,
          noShows: Count,
          revenue: z.array(Money),
          newClients: Count,
        }),
      ),
    }),
  ),
});

const Notifications = z.strictObject({ email: z.boolean(), sms: z.boolean() });
/** A client's export (repositories/client-rights.ts): everything the salon holds about the person, decrypted. */
const ClientExport = z.strictObject({
  exportedAt: Instant,
  client: Client,
  preferences: Notifications,
  appointments: z.array(
    z.extend(Appointment, {
      pendingClient: z.optional(
        z.strictObject({ name: z.string(), email: z.string(), phone: z.optional(z.string()), notifications: Notifications }),
      ),
    }),
  ),
  files: z.array(FileWithDownload),
  messages: z.array(
    z.strictObject({
      messageId: Id,
      channel: z.string(),
      template: z.string(),
      to: z.nullable(z.string()),
      status: z.string(),
      createdAt: Instant,
      data: z.record(z.string(), z.string()),
    }),
  ),
  auditTrail: z.array(AuditEntry),
});
const Erasure = z.strictObject({
  clientId: Id,
  state: z.enum(['erasing', 'erased']),
  requestedAt: Instant,
  erasedAt: z.optional(Instant),
  counts: z.strictObject({ appointments: Count, files: Count, messages: Count, records: Count }),
});

const ok = (body: z.ZodMiniType, description: string): Answer => ({ status: 200, body, description });
const created = (body: z.ZodMiniType, description: string): Answer => ({ status: 201, body, description });
const gone = (description: string): Answer => ({ status: 204, description });

export const answers = {
  getHealth: {
    ...ok(Health, 'Everything the API needs answers.'),
    also: { 503: { body: Health, description: 'A dependency is unavailable (same shape, status `unavailable`).' } },
  },
  getOpenApi: ok(z.looseObject({ openapi: z.string() }), 'This document.'),
  getMe: ok(
    z.strictObject({ userId: Id, email: z.string(), emailVerified: z.boolean(), memberships: z.array(SalonMembership) }),
    'You and your salons.',
  ),
  deleteMe: gone('The account is deleted.'),
  createTenant: created(Tenant, 'The new salon; you are its owner.'),
  getTenant: ok(Tenant, 'The salon.'),
  updateTenant: ok(Tenant, 'The salon as changed.'),
  deleteTenant: gone('The salon is deleted (purged after the retention period).'),
  getUsage: ok(
    z.strictObject({
      plan: Plan,
      limits: Limits,
      usage: z.strictObject({
        users: Count,
        clients: Count,
        appointmentsThisMonth: Count,
        storageBytes: Count,
        apiCallsThisMonth: Count,
      }),
      cost: z.optional(CostEstimate),
    }),
    'Plan, limits (-1: unlimited) and usage; for the owner (`billing:manage`), `cost`: this month\'s estimated AWS cost of the salon (docs/operations.md, "Cost per salon").',
  ),
  getAnalytics: ok(Analytics, "The period's figures, from daily counters; `advanced` with the plan's advancedAnalytics."),
  listMembers: ok(Page(Member), 'A page of members.'),
  updateMember: ok(Member, 'The member with their role.'),
  removeMember: gone('The member is removed.'),
  createInvitation: created(Invitation, 'The invitation (emailed).'),
  listInvitations: ok(FilteredPage(Invitation), FILLED('pending invitations (expired ones filtered out)')),
  revokeInvitation: gone('The invitation is withdrawn.'),
  listAuditLog: ok(
    FilteredPage(AuditEntry),
    `${FILLED('audit entries, newest first')} Only \`action\`, \`resource\` without \`resourceId\`, and \`actorId\` beside \`resourceId\` are filters: none, \`from\`/\`to\`, \`resource\`+\`resourceId\` and \`actorId\` narrow the key range (one Query a page).`,
  ),
  exportAuditLog: {
    status: 200,
    description: 'The entries from `from` to `to`, newest first, as a file (CSV with a header row, or NDJSON).',
    files: ['text/csv', 'application/x-ndjson'],
  },
  acceptInvitation: ok(SalonMembership, 'The salon you joined, with your role.'),
  listPlans: ok(
    Page(
      z.strictObject({
        plan: Plan,
        price: z.nullable(Money),
        interval: z.literal('month'),
        purchasable: z.boolean(),
        limits: Limits,
        features: Features,
      }),
    ),
    'Every plan (one page; price null: on quote).',
  ),
  getBilling: ok(
    z.strictObject({
      plan: Plan,
      subscriptionStatus: SubscriptionStatus,
      suspended: z.boolean(),
      currentPeriodEnd: z.nullable(Instant),
      cancelAtPeriodEnd: z.boolean(),
      hasCustomer: z.boolean(),
    }),
    'The subscription as members see it.',
  ),
  createCheckoutSession: ok(
    z.strictObject({ url: z.url(), flow: z.enum(['checkout', 'plan-change']) }),
    'Where to send the owner: Stripe Checkout, or the portal confirming a plan change.',
  ),
  createPortalSession: ok(z.strictObject({ url: z.url() }), 'The Stripe Customer Portal URL.'),
  receiveStripeEvent: {
    ...ok(
      z.strictObject({
        received: z.literal(true),
        outcome: z.enum(['applied', 'duplicate', 'stale', 'not-applicable', 'unknown-tenant', 'foreign-customer', 'ignored']),
        ignored: z.optional(z.string()),
      }),
      'The event is verified and settled (no retry needed).',
    ),
    request: {
      body: {
        schema: z.looseObject({ id: z.string(), type: z.string() }),
        description: 'A Stripe event, exactly as Stripe sent it: the signature covers these bytes.',
      },
      headers: [{ name: 'Stripe-Signature', description: "Stripe's signature over the raw body." }],
    },
  },
  createClient: created(Client, 'The new client.'),
  listClients: ok(Page(Client), 'A page of clients.'),
  getClient: ok(Client, 'The client.'),
  updateClient: ok(Client, 'The client as changed.'),
  deleteClient: gone('The client is deleted.'),
  exportClient: ok(
    ClientExport,
    "Everything about the client: profile, preferences, appointments (with a pending booking's booker), files (download links valid a few minutes), messages sent to them (secret links left out), and the audit entries about them with their personal values opened. Audited (`export`).",
  ),
  eraseClient: {
    ...ok(Erasure, 'The client is erased (docs/gdpr.md); calling again answers the same and changes nothing.'),
    also: { 202: { body: Erasure, description: 'Erasing: the time budget of one call ran out; call again to resume.' } },
  },
  createFile: created(
    FileUpload,
    'The pending file, its bytes reserved, and the upload: POST `fields` then the file (multipart/form-data) to `url` before `expiresAt`; then `complete`.',
  ),
  completeFile: ok(StoredFile, 'The file, now ready.'),
  listFiles: ok(FilteredPage(StoredFile), FILLED('files')),
  getFile: ok(FileWithDownload, 'The file; `downloadUrl` is a presigned GET valid a few minutes (null while pending).'),
  deleteFile: gone('The file and its object are deleted; its bytes are free again.'),
  getTenantKeys: ok(
    KeyStatus,
    "The salon's key versions and the re-encryption's progress: `rewrite` (moving every value to the new version), `verify` (passes after `quietAfter` until one meets no old value), `done` (old versions but the index root deleted).",
  ),
  rotateTenantKey: created(
    KeyStatus,
    'The key status right after the rotation: the new version is current and its re-encryption has started.',
  ),
  createExport: created(SalonExport, 'The export, `pending`: the job runs on its own; read it to follow it.'),
  listExports: ok(Page(SalonExport), 'A page of exports.'),
  getExport: ok(
    SalonExportWithLinks,
    'The export; once `ready`, presigned GETs (valid until `linksExpireAt`) to its manifest, parts and files.',
  ),
  createService: created(Service, 'The new service.'),
  listServices: ok(Page(Service), 'A page of services.'),
  getService: ok(Service, 'The service.'),
  updateService: ok(Service, 'The service as changed.'),
  deleteService: gone('The service is deleted.'),
  createStaff: created(Staff, 'The new staff member.'),
  listStaff: ok(Page(Staff), 'A page of staff members.'),
  getStaff: ok(Staff, 'The staff member.'),
  updateStaff: ok(Staff, 'The staff member as changed.'),
  deleteStaff: gone('The staff member is deleted.'),
  getAvailability: ok(Availability, AVAILABILITY),
  createAppointment: created(Appointment, 'The booked appointment.'),
  listAppointments: ok(
    FilteredPage(Appointment),
    FILLED(
      'appointments by start time (`status`, and `clientId` beside `staffId`, are filters; without one, one Query unless it passes 1 MB)',
    ),
  ),
  getAppointment: ok(Appointment, 'The appointment.'),
  updateAppointment: ok(Appointment, 'The appointment as changed.'),
  getPublicSalon: ok(
    z.strictObject({
      slug: z.string(),
      name: z.string(),
      timezone: z.string(),
      locale: z.string(),
      currency: z.string(),
      weekStartsOn: z.union([z.literal(0), z.literal(1)]),
      address: z.nullable(z.string()),
      branding: z.strictObject({ primaryColor: z.string(), secondaryColor: z.string(), logoUrl: z.nullable(z.string()) }),
      booking: z.strictObject({
        minimumNoticeMinutes: Count,
        bookingHorizonDays: Count,
        cancellationNoticeHours: Count,
        maxOpenBookingsPerEmail: Count,
        confirmation: z.enum(['required', 'none']),
        pendingHoldMinutes: Count,
      }),
    }),
    'What the booking page shows: identity, locale, branding and the booking rules a visitor meets. Cacheable for a minute (`Cache-Control: public, max-age=60`).',
  ),
  getPublicLogo: {
    status: 302,
    description:
      'A redirect (`Location`) to a presigned GET of the logo, valid 10 minutes; `Cache-Control: public, max-age=300`, so a cached redirect never outlives its URL. 404 when the salon has no ready logo.',
  },
  listPublicServices: ok(
    Page(
      z.strictObject({
        serviceId: Id,
        name: z.string(),
        durationMinutes: Count,
        price: Money,
        staff: z.array(z.strictObject({ staffId: Id, name: z.string() })),
      }),
    ),
    'Bookable services and who offers them (one page).',
  ),
  getPublicAvailability: ok(Availability, AVAILABILITY),
  createPublicBooking: created(
    z.strictObject({ ...bookingFields, manageToken: z.string() }),
    'The booking (pending until confirmed from the emailed link, when the salon requires it) and, once only, the token that manages it.',
  ),
  cancelPublicBooking: ok(PublicBooking, 'The booking, cancelled.'),
  confirmPublicBooking: ok(PublicBooking, 'The booking, confirmed (scheduled).'),
  getUnsubscribe: {
    ...ok(Unsubscription, 'What the link would turn off (nothing changes): `changed` is false.'),
    html: 'An HTML page (the default, and whenever `Accept` names `text/html`; JSON when it names `application/json` only): what the link turns off and a button that POSTs the form. fr or en by `Accept-Language`, else the salon locale.',
  },
  unsubscribe: {
    ...ok(Unsubscription, 'The preference is off; `changed` says whether this request turned it off.'),
    html: "An HTML confirmation when `Accept` names `text/html` (the GET page's form); JSON otherwise (one-click POSTs of mail clients).",
    request: {
      body: {
        schema: z.strictObject({ 'List-Unsubscribe': z.optional(z.literal('One-Click')) }),
        description: 'RFC 8058: `List-Unsubscribe=One-Click`, or empty.',
        mediaType: 'application/x-www-form-urlencoded',
      },
    },
  },
} as const satisfies Record<RouteId, Answer>;
