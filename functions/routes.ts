/**
 * The route table: every HTTP route the API serves, declared once. CDK builds API Gateway and one
 * Lambda function per route from it, the local gateway serves from it, tests iterate over it.
 */
import type { Permission } from './shared/domain/rbac';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `public`: no token. `user`: a verified access token. `tenant`: a verified token and, from the
 * tenancy layer, a membership in the `{tenantId}` of the path.
 */
export type AuthMode = 'public' | 'user' | 'tenant';

/** What the function's execution role may touch; CDK grants exactly this. */
export type ResourceAccess =
  | 'table:read'
  | 'table:write'
  | 'bucket:read'
  | 'bucket:write'
  | 'kms:data-key'
  /** AdminGetUser and AdminCreateUser on the user pool (invitations). */
  | 'userpool:invite'
  /** AdminDeleteUser on the user pool (account deletion). */
  | 'userpool:delete-user'
  /**
   * Public booking's own reads and writes outside any salon: GetItem of `SLUG#` items (which salon a slug
   * names) and UpdateItem of `RATE#` items (the per-IP write budget), bound by dynamodb:LeadingKeys.
   */
  | 'table:public-lookup'
  /**
   * Deep health (`GET /v1/health?deep=1`): HeadBucket (s3:ListBucket) on the app bucket, DescribeKey on
   * the data key, DescribeUserPool on the user pool; metadata only, no object, key material or user.
   */
  | 'platform:health-probe';

/**
 * Billing configuration a function reads, beyond `access` (CDK sets the variables; for the secrets it
 * sets only the SSM parameter's name and grants reading it, decrypted):
 * `currency`: BILLING_CURRENCY; `prices`: STRIPE_PRICE_STARTER, _PROFESSIONAL, _ENTERPRISE;
 * `stripe-api-key`: STRIPE_SECRET_KEY_PARAMETER; `stripe-webhook-secret`: STRIPE_WEBHOOK_SECRET_PARAMETER.
 */
export type BillingConfigNeed = 'currency' | 'prices' | 'stripe-api-key' | 'stripe-webhook-secret';

interface RouteBase {
  /** The route's id: its key in `routes` (a unit test holds them equal), used in logs, metrics and idempotency scopes. */
  id: string;
  method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters; always under /v1. */
  path: string;
  /** Entry file of the handler, relative to the repository root; it exports `handler`. */
  handler: string;
  access: ReadonlyArray<ResourceAccess>;
  billing?: ReadonlyArray<BillingConfigNeed>;
  /** `unsubscribe-secret`: UNSUBSCRIBE_SECRET_PARAMETER and ssm:GetParameter on it (lib/constructs/notifications.ts). */
  notifications?: ReadonlyArray<'unsubscribe-secret'>;
  /**
   * `slug`: a public route that serves one salon, named by the `{slug}` in its path. It resolves the slug
   * with `table:public-lookup`, then reaches the salon's data (its `table:read`/`table:write`) only
   * through the tenant role assumed for that salon, as tenant routes do. `signed-token`: the same, for
   * the salon a verified HMAC token names (unsubscribe links).
   */
  tenantScope?: 'slug' | 'signed-token';
  /**
   * A list that pages with `?limit=` and `?cursor=` (the previous page's `nextCursor`); a bad cursor is
   * 400 INVALID_CURSOR. Tests fuzz every such route's cursor.
   */
  paged?: true;
  summary: string;
}

export type RouteDef =
  | (RouteBase & { auth: 'public'; permission: 'public' })
  | (RouteBase & { auth: 'user'; permission: 'authenticated' })
  | (RouteBase & { auth: 'tenant'; permission: Permission });

export const getHealth = {
  id: 'getHealth',
  method: 'GET',
  path: '/v1/health',
  handler: 'functions/http/health/get-health.ts',
  auth: 'public',
  permission: 'public',
  access: ['table:read', 'platform:health-probe'],
  summary: 'Liveness and the state of DynamoDB; with ?deep=1, of every dependency.',
} as const satisfies RouteDef;

export const getOpenApi = {
  id: 'getOpenApi',
  method: 'GET',
  path: '/v1/openapi.json',
  handler: 'functions/http/openapi/get-openapi.ts',
  auth: 'public',
  permission: 'public',
  access: [],
  summary: "This API's contract: the OpenAPI 3.1 document (docs/openapi.json, made by `npm run docs`).",
} as const satisfies RouteDef;

export const getMe = {
  id: 'getMe',
  method: 'GET',
  path: '/v1/me',
  handler: 'functions/http/me/get-me.ts',
  auth: 'user',
  permission: 'authenticated',
  access: ['table:read'],
  summary: 'The signed-in user and the salons they belong to, with their role in each.',
} as const satisfies RouteDef;

export const deleteMe = {
  id: 'deleteMe',
  method: 'DELETE',
  path: '/v1/me',
  handler: 'functions/http/me/delete-me.ts',
  auth: 'user',
  permission: 'authenticated',
  access: ['table:write', 'userpool:delete-user'],
  summary: 'Delete your account: leave every salon (409 LAST_OWNER while you are the last owner of one), then the user; 204.',
} as const satisfies RouteDef;

export const createTenant = {
  id: 'createTenant',
  method: 'POST',
  path: '/v1/tenants',
  handler: 'functions/http/tenants/create-tenant.ts',
  auth: 'user',
  permission: 'authenticated',
  // kms:data-key: the salon's first data key is generated in the onboarding transaction.
  access: ['table:write', 'kms:data-key'],
  summary: 'Create a salon; the caller becomes its owner.',
} as const satisfies RouteDef;

export const getTenant = {
  id: 'getTenant',
  method: 'GET',
  path: '/v1/tenants/{tenantId}',
  handler: 'functions/http/tenants/get-tenant.ts',
  auth: 'tenant',
  permission: 'tenant:read',
  access: ['table:read'],
  summary: 'The salon: plan, status, settings, branding, features, limits.',
} as const satisfies RouteDef;

export const updateTenant = {
  id: 'updateTenant',
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}',
  handler: 'functions/http/tenants/update-tenant.ts',
  auth: 'tenant',
  permission: 'settings:update',
  access: ['table:write'],
  summary: 'Change name, billing email, settings or branding.',
} as const satisfies RouteDef;

export const deleteTenant = {
  id: 'deleteTenant',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}',
  handler: 'functions/http/tenants/delete-tenant.ts',
  auth: 'tenant',
  permission: 'tenant:delete',
  access: ['table:write'],
  summary: 'Soft-delete the salon (owner only); purged after the retention period.',
} as const satisfies RouteDef;

export const getUsage = {
  id: 'getUsage',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/usage',
  handler: 'functions/http/tenants/get-usage.ts',
  auth: 'tenant',
  permission: 'billing:read',
  access: ['table:read'],
  summary: 'Plan, limits and current usage.',
} as const satisfies RouteDef;

export const getAnalytics = {
  id: 'getAnalytics',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/analytics',
  handler: 'functions/http/tenants/get-analytics.ts',
  auth: 'tenant',
  permission: 'reports:read',
  access: ['table:read'],
  summary: 'Appointments, revenue, new clients and top services for a day, week or month (more with advancedAnalytics).',
} as const satisfies RouteDef;

export const listMembers = {
  id: 'listMembers',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/members',
  handler: 'functions/http/members/list-members.ts',
  auth: 'tenant',
  permission: 'users:read',
  access: ['table:read'],
  paged: true,
  summary: 'Members of the salon with their roles.',
} as const satisfies RouteDef;

export const updateMember = {
  id: 'updateMember',
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}/members/{userId}',
  handler: 'functions/http/members/update-member.ts',
  auth: 'tenant',
  permission: 'users:update',
  access: ['table:write'],
  summary: "Change a member's role (never above your own; the last owner stays).",
} as const satisfies RouteDef;

export const removeMember = {
  id: 'removeMember',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/members/{userId}',
  handler: 'functions/http/members/remove-member.ts',
  auth: 'tenant',
  permission: 'users:delete',
  access: ['table:write'],
  summary: 'Remove a member (the last owner stays).',
} as const satisfies RouteDef;

export const createInvitation = {
  id: 'createInvitation',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/invitations',
  handler: 'functions/http/invitations/create-invitation.ts',
  auth: 'tenant',
  permission: 'users:create',
  access: ['table:write', 'userpool:invite'],
  summary: 'Invite someone by email with a role (never above your own).',
} as const satisfies RouteDef;

export const listInvitations = {
  id: 'listInvitations',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/invitations',
  handler: 'functions/http/invitations/list-invitations.ts',
  auth: 'tenant',
  permission: 'users:read',
  access: ['table:read'],
  paged: true,
  summary: 'Pending invitations.',
} as const satisfies RouteDef;

export const revokeInvitation = {
  id: 'revokeInvitation',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/invitations/{invitationId}',
  handler: 'functions/http/invitations/revoke-invitation.ts',
  auth: 'tenant',
  permission: 'users:delete',
  access: ['table:write'],
  summary: 'Withdraw a pending invitation.',
} as const satisfies RouteDef;

export const acceptInvitation = {
  id: 'acceptInvitation',
  method: 'POST',
  path: '/v1/invitations/{invitationId}/accept',
  handler: 'functions/http/invitations/accept-invitation.ts',
  auth: 'user',
  permission: 'authenticated',
  access: ['table:write'],
  summary: 'Join the salon that invited your verified email address.',
} as const satisfies RouteDef;

export const listPlans = {
  id: 'listPlans',
  method: 'GET',
  path: '/v1/plans',
  handler: 'functions/http/plans/list-plans.ts',
  auth: 'public',
  permission: 'public',
  access: [],
  billing: ['currency'],
  summary: 'The pricing table: every plan with its monthly price, limits and features.',
} as const satisfies RouteDef;

export const getBilling = {
  id: 'getBilling',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/billing',
  handler: 'functions/http/billing/get-billing.ts',
  auth: 'tenant',
  permission: 'billing:read',
  access: ['table:read'],
  summary: 'Plan, subscription status, current period end, cancel at period end, whether a customer exists.',
} as const satisfies RouteDef;

export const createCheckoutSession = {
  id: 'createCheckoutSession',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/billing/checkout',
  handler: 'functions/http/billing/create-checkout-session.ts',
  auth: 'tenant',
  permission: 'billing:manage',
  access: ['table:write'],
  billing: ['prices', 'stripe-api-key'],
  summary: 'Owner: a Stripe Checkout URL for a plan (or, with a subscription, a portal URL confirming the change).',
} as const satisfies RouteDef;

export const createPortalSession = {
  id: 'createPortalSession',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/billing/portal',
  handler: 'functions/http/billing/create-portal-session.ts',
  auth: 'tenant',
  permission: 'billing:manage',
  access: ['table:read'],
  billing: ['stripe-api-key'],
  summary: 'Owner: a Stripe Customer Portal URL (payment methods, invoices, plan, cancellation); 409 before any checkout.',
} as const satisfies RouteDef;

export const receiveStripeEvent = {
  id: 'receiveStripeEvent',
  method: 'POST',
  path: '/v1/webhooks/stripe',
  handler: 'functions/webhooks/receive-stripe-event.ts',
  auth: 'public',
  permission: 'public',
  access: ['table:write'],
  billing: ['prices', 'stripe-webhook-secret'],
  summary: 'Stripe webhook: signature-verified, each event applied once and in order to its salon.',
} as const satisfies RouteDef;

export const createClient = {
  id: 'createClient',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/clients',
  handler: 'functions/http/clients/create-client.ts',
  auth: 'tenant',
  permission: 'clients:create',
  access: ['table:write'],
  summary: 'Add a client (name, optional email, phone, notes); counts against maxClients; Idempotency-Key honoured.',
} as const satisfies RouteDef;

export const listAuditLog = {
  id: 'listAuditLog',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/audit-log',
  handler: 'functions/http/audit-log/list-audit-log.ts',
  auth: 'tenant',
  permission: 'reports:read',
  access: ['table:read'],
  paged: true,
  summary: "The salon's audit log, newest first; filters actorId, action, resource, resourceId, from, to.",
} as const satisfies RouteDef;

export const exportAuditLog = {
  id: 'exportAuditLog',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/audit-log/export',
  handler: 'functions/http/audit-log/export-audit-log.ts',
  auth: 'tenant',
  permission: 'reports:read',
  access: ['table:read'],
  summary: 'The audit log from `from` to `to` as a CSV or NDJSON file (at most 5,000 entries).',
} as const satisfies RouteDef;

export const listClients = {
  id: 'listClients',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/clients',
  handler: 'functions/http/clients/list-clients.ts',
  auth: 'tenant',
  permission: 'clients:read',
  access: ['table:read'],
  paged: true,
  summary: 'Clients a page at a time, or the one client with an exact email (?email=).',
} as const satisfies RouteDef;

export const getClient = {
  id: 'getClient',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/clients/{clientId}',
  handler: 'functions/http/clients/get-client.ts',
  auth: 'tenant',
  permission: 'clients:read',
  access: ['table:read'],
  summary: 'One client.',
} as const satisfies RouteDef;

export const updateClient = {
  id: 'updateClient',
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}/clients/{clientId}',
  handler: 'functions/http/clients/update-client.ts',
  auth: 'tenant',
  permission: 'clients:update',
  access: ['table:write'],
  summary: "Change a client's name, email, phone or notes (null removes an optional field).",
} as const satisfies RouteDef;

export const deleteClient = {
  id: 'deleteClient',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/clients/{clientId}',
  handler: 'functions/http/clients/delete-client.ts',
  auth: 'tenant',
  permission: 'clients:delete',
  access: ['table:write'],
  summary: 'Delete a client; frees its email and a unit of maxClients.',
} as const satisfies RouteDef;

export const exportClient = {
  id: 'exportClient',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/clients/{clientId}/export',
  handler: 'functions/http/clients/export-client.ts',
  auth: 'tenant',
  permission: 'privacy:read',
  // The `export` audit entry is a write; files get download links.
  access: ['table:write', 'bucket:read'],
  summary: "A client's data (GDPR access): profile, appointments, files, messages, audit entries; audited.",
} as const satisfies RouteDef;

export const eraseClient = {
  id: 'eraseClient',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/clients/{clientId}/erase',
  handler: 'functions/http/clients/erase-client.ts',
  auth: 'tenant',
  permission: 'privacy:delete',
  access: ['table:write', 'bucket:write'],
  summary: "Erase a client's personal data everywhere (GDPR erasure); idempotent, resumable (202 while erasing).",
} as const satisfies RouteDef;

export const createService = {
  id: 'createService',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/services',
  handler: 'functions/http/services/create-service.ts',
  auth: 'tenant',
  permission: 'services:create',
  access: ['table:write'],
  summary: 'Add a service (name, duration, price, buffers, active); Idempotency-Key honoured.',
} as const satisfies RouteDef;

export const listServices = {
  id: 'listServices',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/services',
  handler: 'functions/http/services/list-services.ts',
  auth: 'tenant',
  permission: 'services:read',
  access: ['table:read'],
  paged: true,
  summary: 'Services a page at a time.',
} as const satisfies RouteDef;

export const getService = {
  id: 'getService',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/services/{serviceId}',
  handler: 'functions/http/services/get-service.ts',
  auth: 'tenant',
  permission: 'services:read',
  access: ['table:read'],
  summary: 'One service.',
} as const satisfies RouteDef;

export const updateService = {
  id: 'updateService',
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}/services/{serviceId}',
  handler: 'functions/http/services/update-service.ts',
  auth: 'tenant',
  permission: 'services:update',
  access: ['table:write'],
  summary: "Change a service's name, duration, price, buffers or active flag.",
} as const satisfies RouteDef;

export const deleteService = {
  id: 'deleteService',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/services/{serviceId}',
  handler: 'functions/http/services/delete-service.ts',
  auth: 'tenant',
  permission: 'services:delete',
  access: ['table:write'],
  summary: 'Delete a service.',
} as const satisfies RouteDef;

export const createStaff = {
  id: 'createStaff',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/staff',
  handler: 'functions/http/staff/create-staff.ts',
  auth: 'tenant',
  permission: 'users:create',
  access: ['table:write'],
  summary:
    'Add a staff member (name, services, weekly working hours, time off, optional linked member); Idempotency-Key honoured.',
} as const satisfies RouteDef;

export const listStaff = {
  id: 'listStaff',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/staff',
  handler: 'functions/http/staff/list-staff.ts',
  auth: 'tenant',
  permission: 'appointments:read',
  access: ['table:read'],
  paged: true,
  summary: 'Staff members a page at a time.',
} as const satisfies RouteDef;

export const getStaff = {
  id: 'getStaff',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/staff/{staffId}',
  handler: 'functions/http/staff/get-staff.ts',
  auth: 'tenant',
  permission: 'appointments:read',
  access: ['table:read'],
  summary: 'One staff member.',
} as const satisfies RouteDef;

export const updateStaff = {
  id: 'updateStaff',
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}/staff/{staffId}',
  handler: 'functions/http/staff/update-staff.ts',
  auth: 'tenant',
  permission: 'users:update',
  access: ['table:write'],
  summary: "Change a staff member's name, services, working hours or time off (replaced whole); link or unlink (null) a member.",
} as const satisfies RouteDef;

export const deleteStaff = {
  id: 'deleteStaff',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/staff/{staffId}',
  handler: 'functions/http/staff/delete-staff.ts',
  auth: 'tenant',
  permission: 'users:delete',
  access: ['table:write'],
  summary: 'Delete a staff member; frees its linked member.',
} as const satisfies RouteDef;

/** Every route by id. Handlers import their own route by name, so a bundle carries only that one. */
export const getAvailability = {
  id: 'getAvailability',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/availability',
  handler: 'functions/http/availability/get-availability.ts',
  auth: 'tenant',
  permission: 'appointments:read',
  access: ['table:read'],
  summary: 'Free start times for a service on a date or up to 42 dates (salon timezone), per staff member.',
} as const satisfies RouteDef;

export const createAppointment = {
  id: 'createAppointment',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/appointments',
  handler: 'functions/http/appointments/create-appointment.ts',
  auth: 'tenant',
  permission: 'appointments:create',
  access: ['table:write'],
  summary: 'Book an appointment; never overlaps another of the same staff member (409 SLOT_UNAVAILABLE).',
} as const satisfies RouteDef;

export const listAppointments = {
  id: 'listAppointments',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/appointments',
  handler: 'functions/http/appointments/list-appointments.ts',
  auth: 'tenant',
  permission: 'appointments:read',
  access: ['table:read'],
  paged: true,
  summary: 'Appointments by start time, optionally from/to, by staff member, client or status.',
} as const satisfies RouteDef;

export const getAppointment = {
  id: 'getAppointment',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/appointments/{appointmentId}',
  handler: 'functions/http/appointments/get-appointment.ts',
  auth: 'tenant',
  permission: 'appointments:read',
  access: ['table:read'],
  summary: 'One appointment.',
} as const satisfies RouteDef;

export const updateAppointment = {
  id: 'updateAppointment',
  method: 'PATCH',
  path: '/v1/tenants/{tenantId}/appointments/{appointmentId}',
  handler: 'functions/http/appointments/update-appointment.ts',
  auth: 'tenant',
  permission: 'appointments:update',
  access: ['table:write'],
  summary: 'Reschedule, change notes or move the status on (employees: their own appointments).',
} as const satisfies RouteDef;

export const getPublicSalon = {
  id: 'getPublicSalon',
  method: 'GET',
  path: '/v1/public/{slug}',
  handler: 'functions/http/public/get-public-salon.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:read'],
  summary: "A salon's public profile for its booking page: name, timezone, locale, branding, address, booking rules.",
} as const satisfies RouteDef;

export const getPublicLogo = {
  id: 'getPublicLogo',
  method: 'GET',
  path: '/v1/public/{slug}/logo',
  handler: 'functions/http/public/get-public-logo.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:read', 'bucket:read'],
  summary: "The salon's logo: a redirect (302) to a short-lived presigned download, cacheable for a few minutes.",
} as const satisfies RouteDef;

export const listPublicServices = {
  id: 'listPublicServices',
  method: 'GET',
  path: '/v1/public/{slug}/services',
  handler: 'functions/http/public/list-public-services.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:read'],
  summary: "A salon's bookable services and who offers them, for its online booking page.",
} as const satisfies RouteDef;

export const getPublicAvailability = {
  id: 'getPublicAvailability',
  method: 'GET',
  path: '/v1/public/{slug}/availability',
  handler: 'functions/http/public/get-public-availability.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:read'],
  summary: 'Free start times for a service on a date or up to 42 dates, for online booking.',
} as const satisfies RouteDef;

export const createPublicBooking = {
  id: 'createPublicBooking',
  method: 'POST',
  path: '/v1/public/{slug}/bookings',
  handler: 'functions/http/public/create-public-booking.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:write'],
  summary: 'Book online without an account; answers the appointment (pending until confirmed) and its manage token.',
} as const satisfies RouteDef;

export const cancelPublicBooking = {
  id: 'cancelPublicBooking',
  method: 'POST',
  path: '/v1/public/{slug}/bookings/{appointmentId}/cancel',
  handler: 'functions/http/public/cancel-public-booking.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:write'],
  summary: "Cancel an online booking with its manage token, within the salon's cancellation notice.",
} as const satisfies RouteDef;

export const confirmPublicBooking = {
  id: 'confirmPublicBooking',
  method: 'POST',
  path: '/v1/public/{slug}/bookings/{appointmentId}/confirm',
  handler: 'functions/http/public/confirm-public-booking.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access: ['table:public-lookup', 'table:write'],
  summary: 'Confirm a pending online booking with the token from its email, before its hold expires.',
} as const satisfies RouteDef;

export const getUnsubscribe = {
  id: 'getUnsubscribe',
  method: 'GET',
  path: '/v1/public/unsubscribe',
  handler: 'functions/http/public/get-unsubscribe.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'signed-token',
  access: ['table:read'],
  notifications: ['unsubscribe-secret'],
  summary: 'What an unsubscribe link would turn off; changes nothing (link scanners follow GETs).',
} as const satisfies RouteDef;

export const unsubscribe = {
  id: 'unsubscribe',
  method: 'POST',
  path: '/v1/public/unsubscribe',
  handler: 'functions/http/public/unsubscribe.ts',
  auth: 'public',
  permission: 'public',
  tenantScope: 'signed-token',
  access: ['table:write'],
  notifications: ['unsubscribe-secret'],
  summary: 'One-click unsubscribe (RFC 8058): turns off the one channel of the one client the signed token names.',
} as const satisfies RouteDef;

// Paths below are whole literals, not `${FILES}/...`: esbuild cannot prove a template literal free of side
// effects, so each such route object was kept in every function's bundle.
const FILES = '/v1/tenants/{tenantId}/files';

export const createFile = {
  id: 'createFile',
  method: 'POST',
  path: FILES,
  handler: 'functions/http/files/create-file.ts',
  auth: 'tenant',
  permission: 'files:create',
  access: ['table:write', 'bucket:write'],
  summary: "Reserve a file's bytes in the plan's storage and get a presigned S3 upload (POST policy) for it; 402 over the quota.",
} as const satisfies RouteDef;

export const completeFile = {
  id: 'completeFile',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/files/{fileId}/complete',
  handler: 'functions/http/files/complete-file.ts',
  auth: 'tenant',
  permission: 'files:create',
  access: ['table:write', 'bucket:read', 'bucket:write'],
  summary: 'Check the uploaded object (size, content type) and make the file ready; a mismatch discards it (400).',
} as const satisfies RouteDef;

export const listFiles = {
  id: 'listFiles',
  method: 'GET',
  path: FILES,
  handler: 'functions/http/files/list-files.ts',
  auth: 'tenant',
  permission: 'files:read',
  access: ['table:read'],
  paged: true,
  summary: "The salon's files (a client's with ?clientId=).",
} as const satisfies RouteDef;

export const getFile = {
  id: 'getFile',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/files/{fileId}',
  handler: 'functions/http/files/get-file.ts',
  auth: 'tenant',
  permission: 'files:read',
  access: ['table:read', 'bucket:read'],
  summary: 'A file, with a short-lived presigned download URL once it is ready.',
} as const satisfies RouteDef;

export const deleteFile = {
  id: 'deleteFile',
  method: 'DELETE',
  path: '/v1/tenants/{tenantId}/files/{fileId}',
  handler: 'functions/http/files/delete-file.ts',
  auth: 'tenant',
  permission: 'files:delete',
  access: ['table:write', 'bucket:write'],
  summary: 'Delete a file and its object; its bytes are given back to the storage quota.',
} as const satisfies RouteDef;

const KEYS = '/v1/tenants/{tenantId}/keys';

export const getTenantKeys = {
  id: 'getTenantKeys',
  method: 'GET',
  path: KEYS,
  handler: 'functions/http/keys/get-tenant-keys.ts',
  auth: 'tenant',
  permission: 'keys:read',
  // Write: a salon from before data keys gets its first one here, as on its first write.
  access: ['table:write'],
  summary: "The salon's data key versions, the current one, and the progress of the re-encryption after the last rotation.",
} as const satisfies RouteDef;

export const rotateTenantKey = {
  id: 'rotateTenantKey',
  method: 'POST',
  path: '/v1/tenants/{tenantId}/keys/rotate',
  handler: 'functions/http/keys/rotate-tenant-key.ts',
  auth: 'tenant',
  permission: 'keys:manage',
  access: ['table:write'],
  summary:
    "Rotate the salon's data key: new writes use the new version and a job re-encrypts the salon's data, then deletes the old versions; 409 while the last rotation's job runs; Idempotency-Key honoured.",
} as const satisfies RouteDef;

const EXPORTS = '/v1/tenants/{tenantId}/exports';

export const createExport = {
  id: 'createExport',
  method: 'POST',
  path: EXPORTS,
  handler: 'functions/http/exports/create-export.ts',
  auth: 'tenant',
  permission: 'exports:manage',
  access: ['table:write'],
  summary:
    'Start an export of the whole salon (owner): every item, decrypted, as gzipped NDJSON per entity, and its files; 409 EXPORT_RUNNING while one runs.',
} as const satisfies RouteDef;

export const listExports = {
  id: 'listExports',
  method: 'GET',
  path: EXPORTS,
  handler: 'functions/http/exports/list-exports.ts',
  auth: 'tenant',
  permission: 'exports:manage',
  access: ['table:read'],
  paged: true,
  summary: "The salon's exports, oldest first, with their status.",
} as const satisfies RouteDef;

export const getExport = {
  id: 'getExport',
  method: 'GET',
  path: '/v1/tenants/{tenantId}/exports/{exportId}',
  handler: 'functions/http/exports/get-export.ts',
  auth: 'tenant',
  permission: 'exports:manage',
  access: ['table:read', 'bucket:read'],
  summary:
    'An export: status and progress; once ready and for 24 h, fresh short-lived download links to its manifest, parts and files.',
} as const satisfies RouteDef;

export const routes = {
  getHealth,
  getOpenApi,
  getMe,
  deleteMe,
  createTenant,
  getTenant,
  updateTenant,
  deleteTenant,
  getUsage,
  getAnalytics,
  listMembers,
  updateMember,
  removeMember,
  createInvitation,
  listInvitations,
  revokeInvitation,
  acceptInvitation,
  listPlans,
  getBilling,
  createCheckoutSession,
  createPortalSession,
  receiveStripeEvent,
  createClient,
  listClients,
  getClient,
  listAuditLog,
  exportAuditLog,
  updateClient,
  deleteClient,
  exportClient,
  eraseClient,
  createFile,
  completeFile,
  listFiles,
  getFile,
  deleteFile,
  getTenantKeys,
  rotateTenantKey,
  createExport,
  listExports,
  getExport,
  createService,
  listServices,
  getService,
  updateService,
  deleteService,
  createStaff,
  listStaff,
  getStaff,
  updateStaff,
  deleteStaff,
  getAvailability,
  createAppointment,
  listAppointments,
  getAppointment,
  updateAppointment,
  getPublicSalon,
  getPublicLogo,
  listPublicServices,
  getPublicAvailability,
  createPublicBooking,
  cancelPublicBooking,
  confirmPublicBooking,
  getUnsubscribe,
  unsubscribe,
} as const;

export type RouteId = keyof typeof routes;

export const routeList: ReadonlyArray<RouteDef & { id: RouteId }> = /* @__PURE__ */ Object.values(routes);

/** The API Gateway Lambda authorizer, shared by the `user` and `tenant` routes. */
export const authorizerEntry = 'functions/authorizer/authorize.ts';
