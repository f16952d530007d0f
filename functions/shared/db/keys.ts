/**
 * Pure key builders. Every tenant-owned item's partition key starts with `TENANT#<id>`; that prefix
 * is what the tenant-scoped IAM role (dynamodb:LeadingKeys) and the repositories both rely on.
 */
const SEP = '#';

export const TENANT_PREFIX = `TENANT${SEP}`;
/** What separates key parts: IAM's LeadingKeys (lib/constructs/tenant-data-roles.ts) and the local guard restate it. */
export const KEY_SEPARATOR = SEP;

/** An item's primary key. */
export type ItemKey = { PK: string; SK: string };

export function tenantPk(tenantId: string): string {
  assertKeyPart(tenantId, 'tenantId');
  return `${TENANT_PREFIX}${tenantId}`;
}

/** Platform-level item read by the health check; never holds data. */
export const healthKey = { PK: 'PLATFORM#HEALTH', SK: 'PROBE' } as const;

/**
 * Key parts come from ids we generate (ULIDs) or validated slugs; a separator inside one would let a
 * caller address another item's key space, so it is refused outright.
 */
export function assertKeyPart(value: string, name: string): void {
  if (value.length === 0 || value.includes(SEP)) {
    throw new Error(`Invalid key part ${name}`);
  }
}

/** GSI2 partition of deleted tenants waiting for their purge date (sort key: the date). */
export const PURGE_QUEUE = 'PURGE#tenant';

export const MEMBER_PREFIX = `MEMBER${SEP}`;
export const INVITE_PREFIX = `INVITE${SEP}`;

/**
 * The salon's own item and its bookable catalog (services, staff) share the SK prefix `SALON`, so one
 * Query (`begins_with(SK, 'SALON')`) reads the salon's settings with everything availability and
 * public booking need. Nothing else may use that prefix (tests/unit/shared/keys.test.ts checks).
 */
export const SALON_SK = 'SALON';

export function tenantMetaKey(tenantId: string) {
  return { PK: tenantPk(tenantId), SK: SALON_SK };
}

/** Slugs are unique across tenants, so their reservation item lives outside any tenant partition. */
export function slugKey(slug: string) {
  assertKeyPart(slug, 'slug');
  return { PK: `SLUG${SEP}${slug}`, SK: 'SLUG' };
}

/** Running totals: users, clients, storage bytes. */
export function usageKey(tenantId: string) {
  return { PK: tenantPk(tenantId), SK: 'USAGE' };
}

/** Monthly counters (appointments, API calls), `month` as YYYY-MM in the tenant's timezone. */
export function monthlyUsageKey(tenantId: string, month: string) {
  return { PK: tenantPk(tenantId), SK: `USAGE${SEP}${month}` };
}

/**
 * A reminder already sent (or decided): written in the transaction that queues it, on condition it is
 * absent, so a stale, duplicated or retried schedule queues nothing more. TTL'd after the appointment.
 */
export function reminderSentKey(tenantId: string, appointmentId: string, offset: string) {
  assertKeyPart(appointmentId, 'appointmentId');
  assertKeyPart(offset, 'offset');
  return { PK: tenantPk(tenantId), SK: `REMINDER${SEP}${appointmentId}${SEP}${offset}` };
}

/** SMS reminders sent in one month of the salon's calendar (YYYY-MM), bounded by the plan's budget. */
export function smsUsageKey(tenantId: string, month: string) {
  assertKeyPart(month, 'month');
  return { PK: tenantPk(tenantId), SK: `SMS${SEP}${month}` };
}

export const OUTBOX_PREFIX = `OUTBOX${SEP}`;

/** Messages to send, written in the same transaction as what they announce. */
export function outboxKey(tenantId: string, messageId: string) {
  assertKeyPart(messageId, 'messageId');
  return { PK: tenantPk(tenantId), SK: `${OUTBOX_PREFIX}${messageId}` };
}

export function invitationKey(tenantId: string, invitationId: string) {
  assertKeyPart(invitationId, 'invitationId');
  return { PK: tenantPk(tenantId), SK: `${INVITE_PREFIX}${invitationId}` };
}

/** GSI1 keys of an invitation, for `POST /v1/invitations/{id}/accept`, whose path names no tenant. */
export function invitationLookupKeys(invitationId: string) {
  assertKeyPart(invitationId, 'invitationId');
  return { GSI1PK: `INVITATION${SEP}${invitationId}`, GSI1SK: 'INVITATION' };
}

/** One pending invitation per email and tenant; the email is hashed because it may contain the separator. */
export function invitationEmailKey(tenantId: string, emailHash: string) {
  assertKeyPart(emailHash, 'emailHash');
  return { PK: tenantPk(tenantId), SK: `INVITE_EMAIL${SEP}${emailHash}` };
}

export function userPk(userId: string): string {
  assertKeyPart(userId, 'userId');
  return `USER${SEP}${userId}`;
}

/** A membership lives in its tenant's partition and is mirrored on GSI1 under the user. */
export function membershipKeys(tenantId: string, userId: string) {
  assertKeyPart(userId, 'userId');
  return {
    PK: tenantPk(tenantId),
    SK: `${MEMBER_PREFIX}${userId}`,
    GSI1PK: userPk(userId),
    GSI1SK: tenantPk(tenantId),
  };
}

/**
 * A Stripe event already received (webhook deduplication), outside any tenant partition: the event
 * names no tenant until it is read. Kept beyond Stripe's retry window by TTL.
 */
export function stripeEventKey(eventId: string) {
  assertKeyPart(eventId, 'eventId');
  return { PK: `STRIPE_EVENT${SEP}${eventId}`, SK: 'STRIPE_EVENT' };
}

/** Which salon a Stripe customer pays for, for events that carry no tenant id in their metadata. */
export function stripeCustomerKey(customerId: string) {
  assertKeyPart(customerId, 'customerId');
  return { PK: `STRIPE_CUSTOMER${SEP}${customerId}`, SK: 'STRIPE_CUSTOMER' };
}

/** A salon's wrapped data keys, one item per version (entities/tenant-key.ts). */
export const TENANT_KEY_PREFIX = `KEY${SEP}v`;

export function tenantKeyKey(tenantId: string, version: number) {
  // Zero-padded so versions sort in order under begins_with(SK, KEY#v).
  return { PK: tenantPk(tenantId), SK: `${TENANT_KEY_PREFIX}${String(version).padStart(6, '0')}` };
}

/**
 * GSI2 partition of every salon's current key version, sorted by its creation time: the scheduled
 * rotation asks it for the keys older than the rotation age (one Query, however many salons).
 */
export const CURRENT_KEY_QUEUE = `KEYAGE${SEP}current`;

/**
 * GSI2 partition of pending files (upload reservations), sorted by when their upload URL expires: the
 * sweep (shared/files/sweep.ts) finds the ones that expired unused without reading any salon.
 */
export const PENDING_FILE_QUEUE = `FILE${SEP}pending`;

/** A salon's re-encryption after a rotation: its progress, one item (entities/reencryption-job.ts). */
export const REENCRYPTION_JOB_SK = 'KEYJOB';

export function reencryptionJobKey(tenantId: string) {
  return { PK: tenantPk(tenantId), SK: REENCRYPTION_JOB_SK };
}

/** GSI2 partition of the re-encryption jobs not finished yet (sort key: their start), for the schedule to resume. */
export const OPEN_REENCRYPTION_QUEUE = `KEYJOB${SEP}open`;

export const CLIENT_PREFIX = `CLIENT${SEP}`;
export const SERVICE_PREFIX = `${SALON_SK}${SEP}SERVICE${SEP}`;
export const STAFF_PREFIX = `${SALON_SK}${SEP}STAFF${SEP}`;

export function clientKey(tenantId: string, clientId: string) {
  assertKeyPart(clientId, 'clientId');
  return { PK: tenantPk(tenantId), SK: `${CLIENT_PREFIX}${clientId}` };
}

/** One client per email and tenant: this item is written in the same transaction as the client. */
export function clientEmailKey(tenantId: string, emailHash: string) {
  assertKeyPart(emailHash, 'emailHash');
  return { PK: tenantPk(tenantId), SK: `CLIENTEMAIL${SEP}${emailHash}` };
}

/**
 * GSI1 keys of a client with an email: lookup by exact email is one Query. The partition key starts
 * with `TENANT#<id>#`, so the tenant role's LeadingKeys rule covers the index too.
 */
export function clientEmailLookupKeys(tenantId: string, emailHash: string, clientId: string) {
  assertKeyPart(emailHash, 'emailHash');
  assertKeyPart(clientId, 'clientId');
  return { GSI1PK: `${tenantPk(tenantId)}${SEP}CLIENTEMAIL${SEP}${emailHash}`, GSI1SK: `${CLIENT_PREFIX}${clientId}` };
}

export const FILE_PREFIX = `FILE${SEP}`;

/** A file the salon keeps on S3 (functions/shared/entities/file.ts); the object's key is in the item. */
export function fileKey(tenantId: string, fileId: string) {
  assertKeyPart(fileId, 'fileId');
  return { PK: tenantPk(tenantId), SK: `${FILE_PREFIX}${fileId}` };
}

export function serviceKey(tenantId: string, serviceId: string) {
  assertKeyPart(serviceId, 'serviceId');
  return { PK: tenantPk(tenantId), SK: `${SERVICE_PREFIX}${serviceId}` };
}

export function staffKey(tenantId: string, staffId: string) {
  assertKeyPart(staffId, 'staffId');
  return { PK: tenantPk(tenantId), SK: `${STAFF_PREFIX}${staffId}` };
}

/**
 * A member is at most one staff record of a salon: this item (naming the staff record) is written and
 * removed in the same transaction as the link. Deliberately outside the `SALON` prefix.
 */
export function staffUserKey(tenantId: string, userId: string) {
  assertKeyPart(userId, 'userId');
  return { PK: tenantPk(tenantId), SK: `STAFF_USER${SEP}${userId}` };
}

/**
 * The first answer to a create sent with an `Idempotency-Key`, per route; the caller's key is hashed
 * (it may hold the separator and is up to 255 characters). Expires by TTL.
 */
export const IDEMPOTENCY_PREFIX = `IDEMPOTENCY${SEP}`;

export function idempotencyKey(tenantId: string, routeId: string, keyHash: string) {
  assertKeyPart(routeId, 'routeId');
  assertKeyPart(keyHash, 'keyHash');
  return { PK: tenantPk(tenantId), SK: `${IDEMPOTENCY_PREFIX}${routeId}${SEP}${keyHash}` };
}

export const APPOINTMENT_PREFIX = `APPT${SEP}`;

export function appointmentKey(tenantId: string, appointmentId: string) {
  assertKeyPart(appointmentId, 'appointmentId');
  return { PK: tenantPk(tenantId), SK: `${APPOINTMENT_PREFIX}${appointmentId}` };
}

/**
 * Index keys of an appointment: GSI1 is the salon's timeline, GSI2 one staff member's, GSI3 one
 * client's, all sorted by the start instant (UTC, so lexical order is time order). Their partition keys
 * start with `TENANT#<id>#`, which the tenant role's LeadingKeys rule covers.
 */
export function appointmentIndexKeys(
  tenantId: string,
  staffId: string,
  clientId: string,
  startUtc: string,
  appointmentId: string,
) {
  assertKeyPart(appointmentId, 'appointmentId');
  const sort = `${startUtc}${SEP}${appointmentId}`;
  return {
    GSI1PK: appointmentTimelinePk(tenantId),
    GSI1SK: sort,
    GSI2PK: staffTimelinePk(tenantId, staffId),
    GSI2SK: sort,
    GSI3PK: clientTimelinePk(tenantId, clientId),
    GSI3SK: sort,
  };
}

/**
 * An appointment's place in its staff member's open timeline (GSI4, sparse): set while it holds them
 * (scheduled, confirmed, in progress; not a pending hold), removed when it closes. Sorted as the others.
 */
export function openTimelineKeys(tenantId: string, staffId: string, startUtc: string, appointmentId: string) {
  assertKeyPart(appointmentId, 'appointmentId');
  return { GSI4PK: openTimelinePk(tenantId, staffId), GSI4SK: `${startUtc}${SEP}${appointmentId}` };
}

export function openTimelinePk(tenantId: string, staffId: string): string {
  assertKeyPart(staffId, 'staffId');
  return `${tenantPk(tenantId)}${SEP}STAFF${SEP}${staffId}${SEP}OPEN`;
}

export function clientTimelinePk(tenantId: string, clientId: string): string {
  assertKeyPart(clientId, 'clientId');
  return `${tenantPk(tenantId)}${SEP}CLIENT${SEP}${clientId}${SEP}APPTS`;
}

export function appointmentTimelinePk(tenantId: string): string {
  return `${tenantPk(tenantId)}${SEP}APPTS`;
}

export function staffTimelinePk(tenantId: string, staffId: string): string {
  assertKeyPart(staffId, 'staffId');
  return `${tenantPk(tenantId)}${SEP}STAFF${SEP}${staffId}${SEP}APPTS`;
}

export const STAFF_DAY_PREFIX = `DAY${SEP}`;

/**
 * A staff member's day (salon-local date): the occupied spans of its non-cancelled appointments and a
 * version. Every booking that touches the day writes this item on condition of the version it read,
 * so two overlapping bookings can never both commit. Sorted by date first: one Query reads every staff
 * member's days around a date.
 */
export function staffDayKey(tenantId: string, date: string, staffId: string) {
  assertKeyPart(date, 'date');
  assertKeyPart(staffId, 'staffId');
  return { PK: tenantPk(tenantId), SK: `${STAFF_DAY_PREFIX}${date}${SEP}${staffId}` };
}

/** Online bookings still open for one email (hashed) in one salon: what `maxOpenBookingsPerEmail` bounds. */
export function bookerKey(tenantId: string, emailHash: string) {
  assertKeyPart(emailHash, 'emailHash');
  return { PK: tenantPk(tenantId), SK: `BOOKER${SEP}${emailHash}` };
}

/**
 * A salon's unconfirmed online bookings on one salon-local date (appointment id -> hold expiry), what
 * `maxPendingHoldsPerDay` bounds; written on condition of its version. Not under `DAY#`, which holds
 * staff days only.
 */
export function pendingHoldsKey(tenantId: string, date: string) {
  assertKeyPart(date, 'date');
  return { PK: tenantPk(tenantId), SK: `HOLDS${SEP}${date}` };
}

/**
 * A salon's request counter for one minute (tenant gate). Its own partition under the tenant prefix:
 * the tenant read role may update it (and nothing else), and one salon's flood heats only this key.
 */
export function tenantRateKey(tenantId: string, minute: number) {
  return { PK: tenantRatePk(tenantId), SK: `MINUTE${SEP}${minute}` };
}

export function tenantRatePk(tenantId: string): string {
  return `${tenantPk(tenantId)}${SEP}RATE`;
}

/** A fixed-window request counter for one client IP (hashed) on the public booking routes; TTL'd. */
export function publicRateKey(ipHash: string, window: string) {
  assertKeyPart(ipHash, 'ipHash');
  assertKeyPart(window, 'window');
  return { PK: `RATE${SEP}${ipHash}`, SK: `WINDOW${SEP}${window}` };
}

export const DAILY_STATS_PREFIX = `STATS${SEP}`;

/**
 * A salon's analytics counters for one salon-local date (entities/daily-stats.ts), updated in the
 * transactions that book, move, change and confirm appointments and create clients. Date-sorted, so a
 * period is one Query `STATS#<from>` … `STATS#<to>`.
 */
export function dailyStatsKey(tenantId: string, date: string) {
  assertKeyPart(date, 'date');
  return { PK: tenantPk(tenantId), SK: `${DAILY_STATS_PREFIX}${date}` };
}

/**
 * The salon's audit log: its own partition, so the tenant role's IAM Deny on UpdateItem/DeleteItem for
 * `TENANT#*#AUDIT` (lib/constructs/tenant-data-roles.ts) makes it append-only. Sort key: the entry's ULID.
 */
export function auditPk(tenantId: string): string {
  return `${tenantPk(tenantId)}${SEP}AUDIT`;
}

/** GSI1 partition of one resource's entries (`?resource=&resourceId=`), sorted by ULID. */
export function auditResourcePk(tenantId: string, resource: string, resourceId: string): string {
  assertKeyPart(resource, 'resource');
  assertKeyPart(resourceId, 'resourceId');
  return `${auditPk(tenantId)}${SEP}RES${SEP}${resource}${SEP}${resourceId}`;
}

/** GSI2 partition of one actor's entries (`?actorId=`): a user id or `system:<name>`. */
export function auditActorPk(tenantId: string, actorId: string): string {
  assertKeyPart(actorId, 'actorId');
  return `${auditPk(tenantId)}${SEP}ACTOR${SEP}${actorId}`;
}

/**
 * A client's own key (crypto/subject-keys.ts): what personal values in audit entries about that client
 * are sealed under. Its own item, outside the audit partition, so erasing the client deletes it and
 * leaves those entries unreadable without touching the append-only log.
 */
export function subjectKeyKey(tenantId: string, clientId: string) {
  assertKeyPart(clientId, 'clientId');
  return { PK: tenantPk(tenantId), SK: `SUBJECTKEY${SEP}${clientId}` };
}

/** A client's erasure (repositories/client-rights.ts): its state and where a resumed run goes on. */
export function erasureKey(tenantId: string, clientId: string) {
  assertKeyPart(clientId, 'clientId');
  return { PK: tenantPk(tenantId), SK: `ERASURE${SEP}${clientId}` };
}

/**
 * Every table partition (not index partition) that holds a salon's items: what the purge empties. A new
 * partition under `TENANT#<id>` belongs here (tests/unit/shared/keys.test.ts checks every key builder).
 */
export function tenantPartitions(tenantId: string): string[] {
  return [tenantPk(tenantId), auditPk(tenantId), tenantRatePk(tenantId)];
}

export const EXPORT_PREFIX = `EXPORT${SEP}`;

/** A salon export (functions/shared/entities/export.ts): status, checkpoint and manifest of one run. */
export function exportKey(tenantId: string, exportId: string) {
  assertKeyPart(exportId, 'exportId');
  return { PK: tenantPk(tenantId), SK: `${EXPORT_PREFIX}${exportId}` };
}

/** The salon's one running export: claimed in the export's creating transaction, released when it ends. */
export const EXPORT_LOCK_SK = 'EXPORTLOCK';

export function exportLockKey(tenantId: string) {
  return { PK: tenantPk(tenantId), SK: EXPORT_LOCK_SK };
}
