/**
 * Onboarding: a signed-in user creates a salon. One transaction writes the tenant, the slug
 * reservation, the owner membership, the usage counters and the welcome email: all or nothing.
 * Runs with the function's own role (the tenant does not exist yet, so no tenant role applies). The
 * salon's data key (version 1, wrapped by KMS under its tenantId) is in the same transaction: a salon
 * never exists without one.
 */
import { FieldCipher } from '../crypto/fields';
import { generateKey, keyring } from '../crypto/keyring';
import { documentClient, tableName } from '../db/client';
import { tenantKeyPut } from '../entities/tenant-key';
import { newUsagePut } from '../entities/usage';
import { step, transact } from '../db/transact';
import { type Tenant, newTenant } from '../domain/tenant';
import type { CreateTenantInput } from '../domain/tenant-input';
import { membershipPut } from '../entities/membership';
import { newSalonSteps } from '../entities/salon';
import { auditStep, userOrigin } from '../entities/audit';
import { changesOf } from '../domain/audit';
import type { RequestMeta } from '../domain/tenant-context';
import { ConflictError } from '../errors';
import { newId } from './ids';
import { queueEmail } from '../entities/outbox';

export async function createTenant(
  owner: { userId: string; email: string },
  input: CreateTenantInput,
  request?: RequestMeta,
): Promise<Tenant> {
  const now = new Date().toISOString();
  const tenant = newTenant({ ...input, id: newId(), ownerEmail: owner.email, now });
  const table = tableName();
  const { key, plaintext } = await generateKey(keyring(), tenant.id, 1, now);
  const cipher = new FieldCipher({ tenantId: tenant.id, current: 1, versions: new Map([[1, plaintext]]) });
  // A fresh ULID never collides: only the slug's condition can fail, and a failure of another step rethrows.
  await transact(documentClient(), [
    ...newSalonSteps(table, tenant, () => new ConflictError('This slug is already taken.', { slug: tenant.slug }, 'SLUG_TAKEN')),
    membershipPut(table, tenant.id, { userId: owner.userId, email: owner.email, role: 'owner', joinedAt: now }),
    step('usage', newUsagePut(table, tenant.id)),
    step('dataKey', tenantKeyPut(table, key)),
    // The salon's first entry: its creation by its owner, with their email as the owner membership holds it.
    auditStep(userOrigin(tenant.id, tenant.plan, { userId: owner.userId, email: owner.email, role: 'owner' }, request), {
      action: 'create',
      resource: 'tenant',
      resourceId: tenant.id,
      changes: changesOf(tenant.id, 'tenant', undefined, { name: tenant.name, slug: tenant.slug, plan: tenant.plan }),
    }),
    step(
      'welcome',
      queueEmail(
        table,
        tenant.id,
        cipher,
        { template: 'welcome', to: owner.email, data: { tenantName: tenant.name, slug: tenant.slug } },
        now,
      ),
    ),
  ]);
  return tenant;
}
