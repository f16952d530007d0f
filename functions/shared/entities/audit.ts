/**
 * The audit entry: `TENANT#<id>#AUDIT` / `<ULID>` (newest first by reading backwards), with GSI1 keys
 * per resource and GSI2 keys per actor for the log's filters. Written only as a step of the change's
 * own transaction (`auditStep`): no change without its entry, no entry without its change. Never
 * updated or deleted by the app; the tenant role's IAM Deny and the local guard refuse both.
 */
import { tableName } from '../db/client';
import { auditActorPk, auditPk, auditResourcePk } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import {
  AUDIT_ACTIONS,
  AUDIT_RESOURCES,
  type AuditActor,
  type AuditAction,
  type AuditEntry,
  type AuditResource,
  type Changes,
  type FieldChange,
  SYSTEM_ACTORS,
  type SystemActor,
  actorIdOf,
  auditExpiresAt,
  shownChanges,
} from '../domain/audit';
import type { Plan } from '../domain/plans';
import { type Role, isRole } from '../domain/rbac';
import type { RequestMeta, TenantContext } from '../domain/tenant-context';
import { newId } from '../repositories/ids';
import { CorruptItemError, type Item, asMap, mapOf, oneOf, optStr, str } from './codec';

export { auditPk };
const E = 'audit';

/** What a write says of itself; who and from where come from the context. */
export interface AuditFact {
  action: AuditAction;
  resource: AuditResource;
  resourceId: string;
  changes?: Changes;
}

/** Who wrote and from where: a member's request, or a system path with no member. */
export interface AuditOrigin {
  tenantId: string;
  plan: Plan;
  actor: AuditActor;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/** A member's request as an audit origin. */
export function originOf(ctx: TenantContext): AuditOrigin {
  const r = ctx.request;
  return {
    tenantId: ctx.tenantId,
    plan: ctx.plan,
    actor: { userId: ctx.userId, ...(r?.email ? { email: r.email } : {}), role: ctx.role },
    ...(r?.ip ? { ip: r.ip } : {}),
    ...(r?.userAgent ? { userAgent: r.userAgent } : {}),
    ...(r?.requestId ? { requestId: r.requestId } : {}),
  };
}

/** A request's ip, user agent and id as an origin's (no email: a system actor has none). */
const requestFields = (r: RequestMeta | undefined) => ({
  ...(r?.ip ? { ip: r.ip } : {}),
  ...(r?.userAgent ? { userAgent: r.userAgent } : {}),
  ...(r?.requestId ? { requestId: r.requestId } : {}),
});

/**
 * A write no member makes (a signed link, the booking page, SES, Scheduler), with the request it came
 * with if any. Where the salon's plan is not read, the entry is kept the longest retention.
 */
export function systemOrigin(
  tenantId: string,
  system: SystemActor,
  options: { plan?: Plan | undefined; request?: RequestMeta | undefined } = {},
): AuditOrigin {
  return { tenantId, plan: options.plan ?? 'enterprise', actor: { system }, ...requestFields(options.request) };
}

/** A signed-in user acting outside a tenant route (salon creation, leaving salons), as that salon's member. */
export function userOrigin(
  tenantId: string,
  plan: Plan,
  user: { userId: string; email?: string | undefined; role: Role },
  request?: RequestMeta,
): AuditOrigin {
  return {
    tenantId,
    plan,
    actor: { userId: user.userId, ...(user.email ? { email: user.email } : {}), role: user.role },
    ...requestFields(request),
  };
}

/** The entry a fact from an origin makes, now. */
export function auditEntryOf(origin: AuditOrigin, fact: AuditFact, now = new Date()): AuditEntry {
  const { actor, ip, userAgent, requestId } = origin;
  return {
    auditId: newId(now.getTime()),
    at: now.toISOString(),
    actor,
    action: fact.action,
    resource: fact.resource,
    resourceId: fact.resourceId,
    changes: fact.changes ?? {},
    ...(ip ? { ip } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** The item of an entry: its keys, its index keys, its TTL under the plan. */
export function auditItem(tenantId: string, plan: Plan, entry: AuditEntry): Record<string, unknown> {
  const { gsi1, gsi2 } = TABLE.indexes;
  return {
    PK: auditPk(tenantId),
    SK: entry.auditId,
    [gsi1.partitionKey]: auditResourcePk(tenantId, entry.resource, entry.resourceId),
    [gsi1.sortKey]: entry.auditId,
    [gsi2.partitionKey]: auditActorPk(tenantId, actorIdOf(entry.actor)),
    [gsi2.sortKey]: entry.auditId,
    [TABLE.entityAttribute]: E,
    [TABLE.ttlAttribute]: auditExpiresAt(plan, new Date(entry.at)),
    actorId: actorIdOf(entry.actor),
    ...entry,
  };
}

/** An entry's id was taken: a broken id source, not anything the caller did (500, never another step's answer). */
export class AuditWriteError extends Error {
  constructor() {
    super('The audit entry could not be written (its id is taken)');
    this.name = 'AuditWriteError';
  }
}

/**
 * The `audit` step of a change's transaction. Its Put never overwrites an entry (condition), so even
 * a reused id cannot replace one; that failure answers AuditWriteError, named for this step alone.
 */
export function auditStep(origin: AuditOrigin | TenantContext, fact: AuditFact, now = new Date()): Step {
  const o = 'actor' in origin ? origin : originOf(origin);
  const entry = auditEntryOf(o, fact, now);
  return step(
    'audit',
    {
      Put: {
        TableName: tableName(),
        Item: auditItem(o.tenantId, o.plan, entry),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    () => new AuditWriteError(),
  );
}

function actorOf(value: unknown): AuditActor {
  const a = asMap(value, E, 'actor');
  if (typeof a.system === 'string') return { system: oneOf(SYSTEM_ACTORS, a, E, 'system') };
  const role = a.role;
  if (!isRole(role)) throw new CorruptItemError(E, 'actor.role');
  const email = optStr(a, 'email');
  const userId = a.userId;
  if (typeof userId !== 'string') throw new CorruptItemError(E, 'actor.userId');
  return { userId, ...(email ? { email } : {}), role };
}

/** The entry's recorded `changes`, as stored (sealed values still sealed): each field a map of `from`/`to`. */
export function auditChanges(item: Item): Changes {
  const raw = mapOf(item, E, 'changes');
  const changes: Changes = {};
  for (const [field, change] of Object.entries(raw)) {
    if (typeof change !== 'object' || change === null || Array.isArray(change)) throw new CorruptItemError(E, `changes.${field}`);
    const c: FieldChange = {};
    if ('from' in change) c.from = change.from;
    if ('to' in change) c.to = change.to;
    changes[field] = c;
  }
  return changes;
}

/** An entry item as the API answers it. */
export function toAuditEntry(item: Item): AuditEntry {
  const ip = optStr(item, 'ip');
  const userAgent = optStr(item, 'userAgent');
  const requestId = optStr(item, 'requestId');
  return {
    auditId: str(item, E, 'auditId'),
    at: str(item, E, 'at'),
    actor: actorOf(item.actor),
    action: oneOf(AUDIT_ACTIONS, item, E, 'action'),
    resource: oneOf(AUDIT_RESOURCES, item, E, 'resource'),
    resourceId: str(item, E, 'resourceId'),
    changes: shownChanges(auditChanges(item)),
    ...(ip ? { ip } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
