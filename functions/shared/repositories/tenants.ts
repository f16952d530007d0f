/**
 * Tenant items. Creation is one transaction (tenant, slug reservation, owner membership, usage
 * counters, welcome email): it happens whole or not at all.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import { StaleReadError, type Step, step, transact } from '../db/transact';
import { patched, valueAt } from '../db/update-expression';
import { fileKey, tenantMetaKey } from '../db/keys';
import { parseFileObjectKey } from '../domain/files';
import { DELETED_TENANT_RETENTION_DAYS, type Tenant } from '../domain/tenant';
import type { UpdateTenantInput } from '../domain/tenant-input';
import { auditStep } from '../entities/audit';
import { changesOf } from '../domain/audit';
import type { TenantContext } from '../domain/tenant-context';
import { isDeleted, salonPatch, salonSoftDelete, toTenant } from '../entities/salon';
import { ConflictError, NotFoundError } from '../errors';
import { salonUpdateSteps } from './write-guard';

export async function getTenant(ctx: TenantContext, options: { consistent?: boolean } = {}): Promise<Tenant> {
  const out = await tenantDb(ctx).send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(ctx.tenantId), ConsistentRead: options.consistent === true }),
  );
  if (!out.Item || isDeleted(out.Item)) throw new NotFoundError();
  return toTenant(out.Item);
}

/**
 * The branding's logo is a ready logo file of this salon, proven in the same transaction as the change;
 * another salon's key, a pending or deleted file or a client's file: 404, as for a file that never was.
 */
function logoFileCheck(ctx: TenantContext, logoKey: string): Step {
  const named = parseFileObjectKey(logoKey);
  const noLogo = () => new NotFoundError('No ready logo file of this salon has this key.', { logoKey });
  // Another salon's key names no item of this partition: the check of a key that cannot exist fails the same way.
  const fileId = named && named.tenantId === ctx.tenantId ? named.fileId : '0';
  return step(
    'logo',
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: fileKey(ctx.tenantId, fileId),
        ConditionExpression: '#status = :ready AND purpose = :logo',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':ready': 'ready', ':logo': 'logo' },
      },
    },
    noLogo,
  );
}

/**
 * Nested settings and branding are merged field by field, so two admins changing different settings at
 * once both win. Get (consistent), then one transaction: the salon's update on condition it is alive
 * (and not suspended) and each field it changes still holds the value read, the caller's role (write-guard.ts), the logo
 * check, and the entry from → to. Read again when a changed field moved meanwhile; the answer is the
 * salon read with the patch applied (no Get after the write).
 */
export async function updateTenant(ctx: TenantContext, patch: UpdateTenantInput): Promise<Tenant> {
  const flat = tenantPatchFields(patch);
  const logoKey = patch.branding?.logoKey;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = (
      await tenantDb(ctx).send(new GetCommand({ TableName: tableName(), Key: tenantMetaKey(ctx.tenantId), ConsistentRead: true }))
    ).Item;
    if (!read || isDeleted(read)) throw new NotFoundError();
    // The Update is conditioned on each field still holding what was read: the entry's `from` is what it replaced.
    const now = new Date().toISOString();
    const before = Object.fromEntries(Object.keys(flat).map((field) => [field, valueAt(read, field)]));
    try {
      await transact(tenantDb(ctx), [
        ...salonUpdateSteps(ctx, salonPatch(read, flat, now), () => new StaleReadError('salon')),
        auditStep(ctx, {
          action: 'update',
          resource: 'tenant',
          resourceId: ctx.tenantId,
          changes: changesOf(ctx.tenantId, 'tenant', before, flat, { partial: true }),
        }),
        ...(typeof logoKey === 'string' ? [logoFileCheck(ctx, logoKey)] : []),
      ]);
    } catch (err) {
      if (err instanceof StaleReadError) continue;
      throw err;
    }
    return toTenant(patched(read, { ...flat, updatedAt: now }));
  }
  throw new ConflictError('The salon changed meanwhile; read it again and retry.');
}

const ATTEMPTS = 3;

/**
 * Soft delete: the tenant answers 404 from now on and is purged after the retention period. The slug
 * stays reserved meanwhile, so a restore never finds it taken.
 */
export async function softDeleteTenant(ctx: TenantContext): Promise<void> {
  const now = new Date();
  const purgeAfter = new Date(now.getTime() + DELETED_TENANT_RETENTION_DAYS * 86_400_000);
  await transact(
    tenantDb(ctx),
    salonUpdateSteps(ctx, salonSoftDelete(now, ctx.userId, purgeAfter), () => new NotFoundError()).concat(
      auditStep(ctx, {
        action: 'delete',
        resource: 'tenant',
        resourceId: ctx.tenantId,
        changes: { purgeAfter: { to: purgeAfter.toISOString() } },
      }),
    ),
  );
}

/** Nested settings and branding as `settings.<key>` fields: each one changed is its own entry in `changes`. */
function tenantPatchFields(patch: UpdateTenantInput): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  if (patch.name !== undefined) flat.name = patch.name;
  if (patch.billingEmail !== undefined) flat.billingEmail = patch.billingEmail;
  for (const [k, v] of Object.entries(patch.settings ?? {})) if (v !== undefined) flat[`settings.${k}`] = v;
  for (const [k, v] of Object.entries(patch.branding ?? {})) if (v !== undefined) flat[`branding.${k}`] = v;
  return flat;
}
