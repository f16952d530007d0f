/**
 * Memberships: who belongs to a tenant with which role. Role changes and removals that touch owners
 * move the tenant's owner count in the same transaction, with a condition that it never reaches zero,
 * so "the last owner" holds under concurrent requests too. Each also proves the caller's own role in
 * that transaction, so a caller demoted or removed meanwhile cannot act on the strength of the old role.
 */
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { type Step, step, transact } from '../db/transact';
import { ownerCountUpdate } from '../entities/salon';
import { ROLE_RANK, type Role } from '../domain/rbac';
import {
  MEMBER_PREFIX,
  type Member,
  membershipDelete,
  membershipKey,
  membershipRoleChange,
  toMember,
  userCountReturned,
} from '../entities/membership';
import { auditStep } from '../entities/audit';
import { changesOf } from '../domain/audit';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, ForbiddenError } from '../errors';
import type { Page } from './pagination';
import { pageOfPrefix, readItem } from './tenant-items';
import { authorizationLost, callerStep, salonStep, withSalonGuard } from './write-guard';

export type { Member } from '../entities/membership';

export async function listMembers(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<Member>> {
  return pageOfPrefix(tenantDb(ctx), ctx.tenantId, MEMBER_PREFIX, page, toMember);
}

async function getMember(ctx: TenantContext, userId: string): Promise<Member> {
  return toMember(await readItem(tenantDb(ctx), membershipKey(ctx.tenantId, userId)));
}

/** Nobody acts on a member ranked above them, nor grants a role above their own. */
function assertCanManage(ctx: TenantContext, target: Member, newRole?: Role): void {
  if (ROLE_RANK[target.role] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot change a ${target.role}.`, { role: ctx.role, targetRole: target.role });
  }
  if (newRole && ROLE_RANK[newRole] > ROLE_RANK[ctx.role]) {
    throw new ForbiddenError(`A ${ctx.role} cannot grant the ${newRole} role.`, { role: ctx.role, requestedRole: newRole });
  }
}

const LAST_OWNER = () =>
  new ConflictError('A salon keeps at least one owner: make someone else owner first.', undefined, 'LAST_OWNER');

/**
 * One transaction: the target's role on condition it is the one read, the owner count when owners
 * change (never below one), and the caller's own role and the salon's state (write-guard.ts). Acting on
 * oneself, the target's condition is the caller's: the role read is the role the gate decided with.
 */
export async function changeMemberRole(ctx: TenantContext, userId: string, role: Role): Promise<Member> {
  const target = await getMember(ctx, userId);
  assertCanManage(ctx, target, role);
  if (target.role === role) return target;
  const delta = (role === 'owner' ? 1 : 0) - (target.role === 'owner' ? 1 : 0);
  await transact(tenantDb(ctx), [
    ...callerUnlessSelf(ctx, userId),
    // The role we checked is still the role: a concurrent change makes us start over (409).
    membershipRoleChange(tableName(), ctx.tenantId, userId, { was: target.role, now: role }, new Date().toISOString(), () =>
      memberChanged(ctx, userId),
    ),
    salonOwnerStep(ctx, delta),
    auditStep(ctx, {
      action: 'update',
      resource: 'member',
      resourceId: userId,
      changes: { role: { from: target.role, to: role } },
    }),
  ]);
  return { ...target, role };
}

export async function removeMember(ctx: TenantContext, userId: string): Promise<void> {
  const target = await getMember(ctx, userId);
  assertCanManage(ctx, target);
  await transact(tenantDb(ctx), [
    ...callerUnlessSelf(ctx, userId),
    membershipDelete(tableName(), ctx.tenantId, userId, target.role, () => memberChanged(ctx, userId)),
    userCountReturned(ctx.tenantId),
    salonOwnerStep(ctx, target.role === 'owner' ? -1 : 0),
    auditStep(ctx, {
      action: 'delete',
      resource: 'member',
      resourceId: userId,
      changes: changesOf(ctx.tenantId, 'member', { ...target }, undefined),
    }),
  ]);
}

/** A transaction touches an item once: acting on oneself, the target's own condition stands for the caller's. */
const callerUnlessSelf = (ctx: TenantContext, userId: string): Step[] => (userId === ctx.userId ? [] : [callerStep(ctx)]);

/** The target changed or left meanwhile; acting on oneself, that is the caller's authorization. */
async function memberChanged(ctx: TenantContext, userId: string): Promise<Error> {
  const lost = userId === ctx.userId ? await authorizationLost(ctx) : undefined;
  return lost ?? new ConflictError('This member changed meanwhile; read it again and retry.');
}

/**
 * The salon item, once: its guard, and with owners changing the owner count, which never drops below
 * one (a failure with the salon still writable for the caller is the last owner leaving).
 */
function salonOwnerStep(ctx: TenantContext, delta: number): Step {
  if (delta === 0) return salonStep(ctx);
  const own =
    delta < 0 ? { expression: 'ownerCount > :one', values: { ':one': 1 } } : { expression: 'attribute_exists(PK)', values: {} };
  return step(
    'ownerCount',
    ownerCountUpdate(tableName(), ctx.tenantId, delta < 0 ? -1 : 1, withSalonGuard(ctx, own)),
    async () => (await authorizationLost(ctx)) ?? LAST_OWNER(),
  );
}
