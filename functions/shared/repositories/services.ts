/** A salon's services: what it sells, how long it takes (plus buffers) and its price. One item each. */
import { tableName } from '../db/client';
import { tenantDb } from '../db/tenant-client';
import type { CreateServiceInput, UpdateServiceInput } from '../domain/service-input';
import type { TenantContext } from '../domain/tenant-context';
import { SERVICE_PREFIX, type Service, newService, serviceDelete, serviceKey, servicePut, toService } from '../entities/service';
import { NotFoundError } from '../errors';
import { step, transact } from '../db/transact';
import { patchOr404 } from './guarded-update';
import { guardSteps } from './write-guard';
import { auditStep } from '../entities/audit';
import { changesOf } from '../domain/audit';
import type { RecordFor } from './idempotency';
import { newId } from './ids';
import type { Page } from './pagination';
import { pageOfPrefix, readItem } from './tenant-items';

export type { Money, Service } from '../entities/service';

/** One transaction: the service, the write guard, and the idempotency record when a key was sent. */
export async function createService(ctx: TenantContext, input: CreateServiceInput, recordFor?: RecordFor): Promise<Service> {
  const now = new Date().toISOString();
  const serviceId = newId();
  const service = newService(input, serviceId, now);
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    servicePut(tableName(), ctx.tenantId, service),
    auditStep(ctx, {
      action: 'create',
      resource: 'service',
      resourceId: serviceId,
      changes: changesOf(ctx.tenantId, 'service', undefined, { ...service }),
    }),
    ...(recordFor ? [step('idempotency', recordFor(service))] : []),
  ]);
  return service;
}

/** One Get. */
export async function getService(ctx: TenantContext, serviceId: string): Promise<Service> {
  return toService(await readItem(tenantDb(ctx), serviceKey(ctx.tenantId, serviceId)));
}

/** One Query, in creation order. */
export async function listServices(ctx: TenantContext, page: { limit: number; cursor?: string }): Promise<Page<Service>> {
  return pageOfPrefix(tenantDb(ctx), ctx.tenantId, SERVICE_PREFIX, page, toService);
}

/**
 * One Get, then one transaction (the update on condition the fields it changes are as read, else read
 * again; 404 if the service is not this salon's; the write guard; the entry, from → to).
 */
export async function updateService(ctx: TenantContext, serviceId: string, patch: UpdateServiceInput): Promise<Service> {
  const { written } = await patchOr404(
    ctx,
    'service',
    serviceKey(ctx.tenantId, serviceId),
    { ...patch, updatedAt: new Date().toISOString() },
    {
      more: (read) => [
        auditStep(ctx, {
          action: 'update',
          resource: 'service',
          resourceId: serviceId,
          changes: changesOf(ctx.tenantId, 'service', { ...toService(read) }, patch, { partial: true }),
        }),
      ],
    },
  );
  return toService(written);
}

/** One transaction: the delete if the service is this salon's (else 404), and the write guard. */
export async function deleteService(ctx: TenantContext, serviceId: string): Promise<void> {
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    serviceDelete(tableName(), ctx.tenantId, serviceId, () => new NotFoundError()),
    auditStep(ctx, { action: 'delete', resource: 'service', resourceId: serviceId }),
  ]);
}
