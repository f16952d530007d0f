/** A salon's services: what it sells, how long it takes (plus buffers) and its price. One item each. */
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { isConditionFailure } from '../db/conditions';
import { SERVICE_PREFIX, serviceKey } from '../db/keys';
import { TABLE } from '../db/table';
import { tenantDb } from '../db/tenant-client';
import { updateParts } from '../db/update-expression';
import type { CreateServiceInput, UpdateServiceInput } from '../domain/service-input';
import type { TenantContext } from '../domain/tenant-context';
import { NotFoundError } from '../errors';
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

/** One Put, or with an Idempotency-Key one transaction: the service and the idempotency record. */
export async function createService(ctx: TenantContext, input: CreateServiceInput, recordFor?: RecordFor): Promise<Service> {
  const table = tableName();
  const now = new Date().toISOString();
  const serviceId = newId();
  const service = toService({ ...input, serviceId, createdAt: now, updatedAt: now });
  const put = {
    TableName: table,
    Item: { ...serviceKey(ctx.tenantId, serviceId), [TABLE.entityAttribute]: 'service', ...service },
    ConditionExpression: 'attribute_not_exists(PK)',
  };
  const db = tenantDb(ctx);
  if (recordFor) await db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, recordFor(service)] }));
  else await db.send(new PutCommand(put));
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

/** One conditional Update (404 when the service is not this salon's). */
export async function updateService(ctx: TenantContext, serviceId: string, patch: UpdateServiceInput): Promise<Service> {
  try {
    const out = await tenantDb(ctx).send(
      new UpdateCommand({
        TableName: tableName(),
        Key: serviceKey(ctx.tenantId, serviceId),
        ...updateParts({ ...patch, updatedAt: new Date().toISOString() }),
        ConditionExpression: 'attribute_exists(PK)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toService(out.Attributes ?? {});
  } catch (err) {
    if (isConditionFailure(err)) throw new NotFoundError();
    throw err;
  }
}

/** One conditional Delete. */
export async function deleteService(ctx: TenantContext, serviceId: string): Promise<void> {
  try {
    await tenantDb(ctx).send(
      new DeleteCommand({
        TableName: tableName(),
        Key: serviceKey(ctx.tenantId, serviceId),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  } catch (err) {
    if (isConditionFailure(err)) throw new NotFoundError();
    throw err;
  }
}
