/** A salon's services: what it sells, how long it takes (plus buffers) and its price. One item each. */
import { tableName } from '../db/client';
import { SERVICE_PREFIX, serviceKey } from '../db/keys';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import type { CreateServiceInput, UpdateServiceInput } from '../domain/service-input';
import type { TenantContext } from '../domain/tenant-context';
import { NotFoundError } from '../errors';
import { step, transact } from '../db/transact';
import { updateOr404 } from './guarded-update';
import { guardSteps } from './write-guard';
import type { RecordFor } from './idempotency';
import { newId } from './ids';
import type { Page } from './pagination';
import { pageOfPrefix, readItem } from './tenant-items';

export interface Money {
  amount: number;
  currency: string;
}

export interface Service {
  serviceId: string;
  name: string;
  durationMinutes: number;
  price: Money;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toService(item: Record<string, unknown>): Service {
  const price = (item.price ?? {}) as Partial<Money>;
  return {
    serviceId: String(item.serviceId),
    name: String(item.name),
    durationMinutes: Number(item.durationMinutes),
    price: { amount: Number(price.amount), currency: String(price.currency) },
    bufferBeforeMinutes: Number(item.bufferBeforeMinutes ?? 0),
    bufferAfterMinutes: Number(item.bufferAfterMinutes ?? 0),
    active: item.active !== false,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

/** One transaction: the service, the write guard, and the idempotency record when a key was sent. */
export async function createService(ctx: TenantContext, input: CreateServiceInput, recordFor?: RecordFor): Promise<Service> {
  const now = new Date().toISOString();
  const serviceId = newId();
  const service = toService({ ...input, serviceId, createdAt: now, updatedAt: now });
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    step('service', {
      Put: {
        TableName: tableName(),
        Item: { ...serviceKey(ctx.tenantId, serviceId), [TABLE.entityAttribute]: 'service', ...service },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
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

/** One transaction (the update if the service is this salon's, else 404; the write guard), then one Get. */
export async function updateService(ctx: TenantContext, serviceId: string, patch: UpdateServiceInput): Promise<Service> {
  return toService(
    await updateOr404(ctx, 'service', serviceKey(ctx.tenantId, serviceId), { ...patch, updatedAt: new Date().toISOString() }),
  );
}

/** One transaction: the delete if the service is this salon's (else 404), and the write guard. */
export async function deleteService(ctx: TenantContext, serviceId: string): Promise<void> {
  await transact(tenantDb(ctx), [
    ...guardSteps(ctx),
    step(
      'service',
      {
        Delete: { TableName: tableName(), Key: serviceKey(ctx.tenantId, serviceId), ConditionExpression: 'attribute_exists(PK)' },
      },
      () => new NotFoundError(),
    ),
  ]);
}
