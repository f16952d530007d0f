/**
 * A salon's staff: who works when, and which services they perform. One item each (`SALON#STAFF#<id>`,
 * part of the booking catalog). Every write that names services or a member checks them in its own
 * transaction (ConditionCheck on each service, on the membership), so a staff record never points at
 * a service or member that was not there when it was written. A member is at most one staff record:
 * `STAFF_USER#<userId>` is put (on condition it is free) and removed in the same transaction as the link.
 * Staff do not count against a plan limit.
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { hasTransactionConflict } from '../db/conditions';
import { openTimelinePk, serviceKey } from '../db/keys';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import { type Step as NamedStep, failedSteps, step } from '../db/transact';
import { unchangedSince } from '../db/update-expression';
import type { WorkingHours } from '../domain/schedule';
import type { CreateStaffInput, UpdateStaffInput } from '../domain/staff-input';
import { membershipKey } from '../entities/membership';
import {
  STAFF_PREFIX,
  type Staff,
  staffKey,
  staffDelete,
  staffPatch,
  staffPut,
  staffUserDelete as staffUserDeleteItem,
  staffUserOf,
  staffUserPut as staffUserPutItem,
  toStaff,
} from '../entities/staff';
import type { TenantContext } from '../domain/tenant-context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { RecordFor, TransactItem } from './idempotency';
import { newId } from './ids';
import type { Page } from './pagination';
import { patchOr404 } from './guarded-update';
import { auditStep } from '../entities/audit';
import { changesOf } from '../domain/audit';
import { pageOfPrefix, readItem } from './tenant-items';
import { authorizationLost, guardSteps } from './write-guard';

export { type Staff, toStaff } from '../entities/staff';

/** Attempts of a read-then-transact write before answering 409 (the record kept changing under us). */
const ATTEMPTS = 3;
const changedMeanwhile = () => new ConflictError('The staff member changed meanwhile; read it again and retry.');
const userTaken = (userId: string) =>
  new ConflictError('This member is already linked to another staff member of this salon.', { userId }, 'STAFF_USER_TAKEN');

/** What a failed condition of a transaction item means; items without one (idempotency record) rethrow. */
type Failure =
  | { kind: 'staff' }
  | { kind: 'missing' }
  | { kind: 'service'; index: number; serviceId: string }
  | { kind: 'member'; userId: string }
  | { kind: 'userTaken'; userId: string }
  /** The caller's role or the salon's state (write-guard.ts). */
  | { kind: 'guard' };

/**
 * A named step (db/transact.ts) with what its failure means here: several failed steps are weighed
 * together (every unknown service is named in one 400), so the answer is decided from all of them.
 */
type Step = NamedStep & { failure?: Failure };

const named = (name: string, item: TransactItem, failure?: Failure): Step => ({
  ...step(name, item),
  ...(failure ? { failure } : {}),
});

function serviceChecks(table: string, ctx: TenantContext, serviceIds: ReadonlyArray<string>): Step[] {
  return serviceIds.map((serviceId, index) =>
    named(
      `service.${index}`,
      {
        ConditionCheck: {
          TableName: table,
          Key: serviceKey(ctx.tenantId, serviceId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      { kind: 'service', index, serviceId },
    ),
  );
}

function memberCheck(table: string, ctx: TenantContext, userId: string): Step {
  return named(
    'member',
    {
      ConditionCheck: { TableName: table, Key: membershipKey(ctx.tenantId, userId), ConditionExpression: 'attribute_exists(PK)' },
    },
    { kind: 'member', userId },
  );
}

function staffUserPut(table: string, ctx: TenantContext, userId: string, staffId: string): Step {
  return named('staffUser', staffUserPutItem(table, ctx.tenantId, userId, staffId), { kind: 'userTaken', userId });
}

const staffUserDelete = (table: string, ctx: TenantContext, userId: string): Step =>
  named('oldStaffUser', staffUserDeleteItem(table, ctx.tenantId, userId));

/**
 * The write guard's steps first. Linking the caller themselves, the caller's step (their role, so their
 * membership) stands for the member check: a transaction touches an item once.
 */
function guarded(ctx: TenantContext, steps: ReadonlyArray<Step>): Step[] {
  const guard = guardSteps(ctx).map((g): Step => ({ ...g, failure: { kind: 'guard' } }));
  const own = steps.filter((s) => !(s.failure?.kind === 'member' && s.failure.userId === ctx.userId));
  return [...guard, ...own];
}

/**
 * Runs the steps as one transaction. A cancelled one becomes the error its failed conditions mean:
 * the staff record not as read, or another transaction on the same items (AWS only; unless
 * `rethrowConflicts`), comes back as `'retry'` for the caller to read again; then unknown services or a
 * non-member are 400 naming them, a member linked elsewhere is 409. Anything else rethrows (an
 * idempotency record's failure, or a conflict with one, is for `idempotentCreate` to answer).
 */
async function transact(ctx: TenantContext, own: ReadonlyArray<Step>, rethrowConflicts = false): Promise<'done' | 'retry'> {
  const steps = guarded(ctx, own);
  try {
    await tenantDb(ctx).send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
    return 'done';
  } catch (err) {
    const failed = failedSteps(err, steps) as Step[] | undefined;
    if (!failed?.length) {
      if (hasTransactionConflict(err) && !rethrowConflicts) return 'retry';
      throw err;
    }
    const failures = failed.map((s) => s.failure);
    if (failures.some((f) => f?.kind === 'guard')) {
      const lost = await authorizationLost(ctx);
      if (lost) throw lost;
    }
    if (failures.some((f) => f === undefined)) throw err;
    if (failures.some((f) => f?.kind === 'missing')) throw new NotFoundError();
    if (failures.some((f) => f?.kind === 'staff')) return 'retry';
    const details = failures.flatMap((f) => {
      if (f?.kind === 'service') {
        return [{ in: 'body', path: `serviceIds.${f.index}`, message: `No service of this salon has the id ${f.serviceId}.` }];
      }
      if (f?.kind === 'member') return [{ in: 'body', path: 'userId', message: `${f.userId} is not a member of this salon.` }];
      return [];
    });
    if (details.length) throw new ValidationError('The request names services or a member this salon does not have.', details);
    const taken = failures.find((f) => f?.kind === 'userTaken');
    if (taken?.kind === 'userTaken') throw userTaken(taken.userId);
    throw err;
  }
}

/**
 * One transaction: the staff record, a ConditionCheck per service, and with a `userId` a ConditionCheck
 * on the membership and the `STAFF_USER#` item; plus the idempotency record when a key was sent.
 */
export async function createStaff(ctx: TenantContext, input: CreateStaffInput, recordFor?: RecordFor): Promise<Staff> {
  const table = tableName();
  const now = new Date().toISOString();
  const staffId = newId();
  const workingHours: WorkingHours = input.workingHours;
  const staff = toStaff({ ...input, workingHours, timeOff: input.timeOff ?? [], staffId, createdAt: now, updatedAt: now });
  const steps: Step[] = [
    named('staff', staffPut(table, ctx.tenantId, staff)),
    ...serviceChecks(table, ctx, staff.serviceIds),
    ...(staff.userId ? [memberCheck(table, ctx, staff.userId), staffUserPut(table, ctx, staff.userId, staffId)] : []),
    // No `failure`: its condition failing (an id taken) rethrows raw, a 500 no other step's answer covers.
    auditStep(ctx, {
      action: 'create',
      resource: 'staff',
      resourceId: staffId,
      changes: changesOf(ctx.tenantId, 'staff', undefined, { ...staff }),
    }),
    ...(recordFor ? [named('idempotency', recordFor(staff))] : []),
  ];
  // A fresh ULID never collides: 'retry' is only a concurrent transaction on the same items (a racing
  // link); with an Idempotency-Key it is more likely the same request twice, which idempotentCreate answers.
  if ((await transact(ctx, steps, recordFor !== undefined)) === 'retry') {
    throw new ConflictError('Another request was changing the same records; try again.');
  }
  return staff;
}

const readStaff = (ctx: TenantContext, staffId: string) => readItem(tenantDb(ctx), staffKey(ctx.tenantId, staffId));

/** One consistent Get. */
export async function getStaff(ctx: TenantContext, staffId: string): Promise<Staff> {
  return toStaff(await readStaff(ctx, staffId));
}

/** One Query, in creation order. */
export async function listStaff(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<Staff>> {
  return pageOfPrefix(tenantDb(ctx), ctx.tenantId, STAFF_PREFIX, page, toStaff);
}

/**
 * Name, working hours, time off only: Get, then one transaction (guarded-update.ts). With `serviceIds` or
 * `userId`: Get, then one transaction that updates the record on condition its link and the fields it
 * changes are the ones read, checks the services and the membership, and moves the `STAFF_USER#` item
 * when the link changes; read again and retried when the record changed in between. Either way the
 * entry records each changed field from → to.
 */
export async function updateStaff(ctx: TenantContext, staffId: string, patch: UpdateStaffInput): Promise<Staff> {
  const table = tableName();
  const key = staffKey(ctx.tenantId, staffId);
  const now = new Date().toISOString();
  if (patch.serviceIds === undefined && patch.userId === undefined) {
    const { written } = await patchOr404(
      ctx,
      'staff',
      key,
      { ...patch, updatedAt: now },
      {
        conflict: changedMeanwhile,
        more: (read) => [
          auditStep(ctx, {
            action: 'update',
            resource: 'staff',
            resourceId: staffId,
            changes: changesOf(ctx.tenantId, 'staff', { ...toStaff(read) }, patch, { partial: true }),
          }),
        ],
      },
    );
    return toStaff(written);
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readStaff(ctx, staffId);
    const oldUser = staffUserOf(current);
    const newUser = patch.userId === undefined ? oldUser : (patch.userId ?? undefined);
    const moves = newUser !== oldUser;
    // The other patched fields as read too (the link is proven above): the entry's `from` is what the write replaced.
    const { userId: _link, ...others } = patch;
    const unchanged = unchangedSince(current, others);
    const steps: Step[] = [
      named('staff', staffPatch(table, key, { ...patch, updatedAt: now }, oldUser, unchanged), { kind: 'staff' }),
      ...(patch.serviceIds ? serviceChecks(table, ctx, patch.serviceIds) : []),
      ...(typeof patch.userId === 'string' ? [memberCheck(table, ctx, patch.userId)] : []),
      ...(moves && newUser ? [staffUserPut(table, ctx, newUser, staffId)] : []),
      ...(moves && oldUser ? [staffUserDelete(table, ctx, oldUser)] : []),
      auditStep(ctx, {
        action: 'update',
        resource: 'staff',
        resourceId: staffId,
        changes: changesOf(ctx.tenantId, 'staff', current, patch, { partial: true }),
      }),
    ];
    if ((await transact(ctx, steps)) === 'retry') continue;
    return toStaff({ ...current, ...patch, updatedAt: now });
  }
  throw changedMeanwhile();
}

/**
 * Deleting someone with appointments still to come would leave clients booked with nobody: those are
 * moved or cancelled first (409 `STAFF_HAS_APPOINTMENTS`). One Query of one item: the staff member's
 * open timeline (GSI4, sparse: only appointments that hold them) from now on, so cancelled or closed
 * ones cost nothing however many there are. A booking committed between this read and the delete is
 * not caught.
 */
async function refuseWithUpcomingAppointments(ctx: TenantContext, staffId: string): Promise<void> {
  const { gsi4 } = TABLE.indexes;
  const out = await tenantDb(ctx).send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: gsi4.name,
      KeyConditionExpression: '#pk = :pk AND #sk >= :now',
      ExpressionAttributeNames: { '#pk': gsi4.partitionKey, '#sk': gsi4.sortKey },
      ExpressionAttributeValues: { ':pk': openTimelinePk(ctx.tenantId, staffId), ':now': new Date().toISOString() },
      Limit: 1,
      Select: 'COUNT',
    }),
  );
  if ((out.Count ?? 0) > 0) {
    throw new ConflictError(
      'This staff member still has appointments to come; move or cancel them first.',
      { upcoming: out.Count },
      'STAFF_HAS_APPOINTMENTS',
    );
  }
}

/**
 * Get (for the link), then one transaction: the record on condition it is still linked to the member read
 * (or to nobody), its `STAFF_USER#` item when linked, and the write guard; read again if the link moved.
 */
export async function deleteStaff(ctx: TenantContext, staffId: string): Promise<void> {
  const table = tableName();
  const key = staffKey(ctx.tenantId, staffId);
  await refuseWithUpcomingAppointments(ctx, staffId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readStaff(ctx, staffId);
    const linkedTo = staffUserOf(current);
    const steps: Step[] = [
      named('staff', staffDelete(table, key, linkedTo), { kind: 'staff' }),
      ...(linkedTo ? [staffUserDelete(table, ctx, linkedTo)] : []),
      auditStep(ctx, {
        action: 'delete',
        resource: 'staff',
        resourceId: staffId,
        changes: changesOf(ctx.tenantId, 'staff', current, undefined),
      }),
    ];
    if ((await transact(ctx, steps)) === 'done') return;
  }
  throw changedMeanwhile();
}
