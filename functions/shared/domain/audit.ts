/**
 * The audit log's pure rules: what an entry says, how a change becomes `changes` (secrets left out,
 * personal data protected), and how long an entry is kept. No AWS types: entities/audit.ts writes it.
 */
import { PLAN_AUDIT_RETENTION_DAYS, type Plan } from './plans';
import type { Role } from './rbac';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'login', 'export', 'erase'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an entry is about: one word per kind of item the routes write. */
export const AUDIT_RESOURCES = [
  'client',
  'service',
  'staff',
  'appointment',
  'member',
  'invitation',
  'tenant',
  'subscription',
  'auditLog',
  'file',
  /** A salon's data key: rotated by a member or the schedule, old versions retired by the re-encryption job. */
  'dataKey',
  'export',
] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

/**
 * `ses`: bounce and complaint feedback; `public`: a signed link or the booking page, no member; `s3`: the
 * file reconciler acting on the bucket's own events; `scheduler`: scheduled jobs (reminders, the sweep of
 * expired upload reservations).
 */
export const SYSTEM_ACTORS = ['stripe', 'scheduler', 'public', 'ses', 's3'] as const;
export type SystemActor = (typeof SYSTEM_ACTORS)[number];

export type AuditActor = { userId: string; email?: string; role: Role } | { system: SystemActor };

/** The id an actor is found by (`?actorId=`): a user id, or `system:<name>`. */
export const actorIdOf = (actor: AuditActor): string => ('system' in actor ? `system:${actor.system}` : actor.userId);

export interface FieldChange {
  from?: unknown;
  to?: unknown;
}
export type Changes = Record<string, FieldChange>;

export interface AuditEntry {
  auditId: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  resource: AuditResource;
  resourceId: string;
  changes: Changes;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/** Fields never recorded, whatever resource they belong to: credentials and tokens. */
const SECRET_FIELD = /(token|secret|password|apikey|signature)/i;
/** Bookkeeping the entry itself says (`at`), or keys and index attributes: noise in `changes`. */
const NOT_RECORDED = new Set(['updatedAt', 'createdAt', 'PK', 'SK', 'entity', 'expiresAt', 'version']);
const INDEX_KEY = /^GSI\d+(PK|SK)$/;

/** Personal data per resource: stored protected, never in clear. */
export const PERSONAL_FIELDS: Readonly<Partial<Record<AuditResource, ReadonlySet<string>>>> = {
  client: new Set(['name', 'email', 'phone', 'notes']),
  appointment: new Set(['clientName', 'clientEmail', 'clientPhone', 'notes']),
  member: new Set(['email']),
  invitation: new Set(['email']),
  tenant: new Set(['billingEmail']),
  // A file's name may name the person it is about.
  file: new Set(['fileName']),
};

/** What a protected value reads as. */
export const REDACTED = Object.freeze({ redacted: true });
export type Protected = typeof REDACTED;

/** A personal value sealed under its subject's own key (crypto/subject-keys.ts): `{sealed}`. */
export interface Sealed {
  sealed: string;
}

/** Seals one personal value of the entry's subject; given by writes that hold the subject's key. */
export type PersonalSealer = (field: string, value: unknown) => Sealed;

/**
 * The hook for personal data in `changes`. With the subject's sealer (a client's own key), the value is
 * sealed, so it stays readable to the salon (a client's export) until erasure destroys that key; without
 * one (no key yet, or data that is not a client's) it is redacted: the marker says a value was there, not what.
 */
export function protectPersonal(
  _tenantId: string,
  field: string,
  value: unknown,
  seal?: PersonalSealer,
): Protected | Sealed | undefined {
  if (value === undefined || value === null) return undefined;
  return seal ? seal(field, value) : REDACTED;
}

/** `changes` with each recorded value passed through `f` (a value absent stays absent). */
export function mapChangeValues(changes: Changes, f: (field: string, value: unknown) => unknown): Changes {
  const out: Changes = {};
  for (const [field, change] of Object.entries(changes)) {
    const c: FieldChange = {};
    if ('from' in change) c.from = f(field, change.from);
    if ('to' in change) c.to = f(field, change.to);
    out[field] = c;
  }
  return out;
}

/** `changes` as the log answers them: sealed values read as redacted (only a client's export opens them). */
export const shownChanges = (changes: Changes): Changes => mapChangeValues(changes, (_f, v) => (isSealed(v) ? REDACTED : v));

export const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && 'sealed' in value && typeof value.sealed === 'string';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The field changes from `before` to `after` (either may be absent: a create, a delete). Only fields
 * that differ; secrets left out; personal fields protected. `after` of an update may hold only the
 * patched fields (`partial`): fields it lacks are unchanged, not removed.
 */
export function changesOf(
  tenantId: string,
  resource: AuditResource,
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>> | undefined,
  options: { partial?: boolean; seal?: PersonalSealer | undefined } = {},
): Changes {
  const personal = PERSONAL_FIELDS[resource];
  const fields = new Set([...(options.partial ? [] : Object.keys(before ?? {})), ...Object.keys(after ?? {})]);
  const changes: Changes = {};
  for (const field of [...fields].sort()) {
    if (NOT_RECORDED.has(field) || INDEX_KEY.test(field) || SECRET_FIELD.test(field)) continue;
    const from = before?.[field] ?? undefined;
    // A `null` in a patch is a removal, and is recorded as `to: null`.
    const to = after?.[field];
    if (after !== undefined && to === undefined && options.partial) continue;
    // A removal of what the item did not have is no change; with the item unread (`before` absent) it is recorded.
    if (to === null ? before !== undefined && from === undefined : same(from, to)) continue;
    const protect = (v: unknown) => (personal?.has(field) && v !== null ? protectPersonal(tenantId, field, v, options.seal) : v);
    const change: FieldChange = {};
    const pFrom = protect(from);
    const pTo = protect(to);
    if (pFrom !== undefined) change.from = pFrom;
    if (pTo !== undefined) change.to = pTo;
    changes[field] = change;
  }
  return changes;
}

/** Fields of a patch applied without reading the item first: the new values only (`from` is unknown). */
export const patchChanges = (
  tenantId: string,
  resource: AuditResource,
  patch: Readonly<Record<string, unknown>>,
  seal?: PersonalSealer,
): Changes => changesOf(tenantId, resource, undefined, patch, { partial: true, seal });

const DAY_SECONDS = 86_400;

/** The entry's TTL (epoch seconds) under the salon's plan when it is written. */
export function auditExpiresAt(plan: Plan, at: Date): number {
  return Math.floor(at.getTime() / 1000) + PLAN_AUDIT_RETENTION_DAYS[plan] * DAY_SECONDS;
}

/** The export's CSV columns, in order. */
export const AUDIT_CSV_COLUMNS = [
  'auditId',
  'at',
  'actorId',
  'actorEmail',
  'actorRole',
  'action',
  'resource',
  'resourceId',
  'changes',
  'ip',
  'userAgent',
  'requestId',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A cell
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with `'`.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvRow(entry: AuditEntry): string {
  const user = 'system' in entry.actor ? undefined : entry.actor;
  const cells: Record<(typeof AUDIT_CSV_COLUMNS)[number], string> = {
    auditId: entry.auditId,
    at: entry.at,
    actorId: actorIdOf(entry.actor),
    actorEmail: user?.email ?? '',
    actorRole: user?.role ?? '',
    action: entry.action,
    resource: entry.resource,
    resourceId: entry.resourceId,
    changes: JSON.stringify(entry.changes),
    ip: entry.ip ?? '',
    userAgent: entry.userAgent ?? '',
    requestId: entry.requestId ?? '',
  };
  return AUDIT_CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',');
}

/** The entries as a CSV file: a header row, one row per entry, CRLF line ends. */
export const auditCsv = (entries: ReadonlyArray<AuditEntry>): string =>
  [AUDIT_CSV_COLUMNS.join(','), ...entries.map(csvRow)].map((line) => `${line}\r\n`).join('');

/** The entries as NDJSON: one JSON object a line. */
export const auditNdjson = (entries: ReadonlyArray<AuditEntry>): string => entries.map((e) => `${JSON.stringify(e)}\n`).join('');
