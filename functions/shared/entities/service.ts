/**
 * The service entity: `SALON#SERVICE#<id>`, part of the booking catalog. Its codec and its writes
 * (creation and removal; a patch goes through guarded-update.ts with this key). Buffers and `active`
 * came after the first services: absent they read 0 and true; present with the wrong type, an error.
 */
import { SERVICE_PREFIX, serviceKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import type { CreateServiceInput } from '../domain/service-input';
import { type Item, mapOf, num, optBool, optNum, str } from './codec';

export { SERVICE_PREFIX, serviceKey };

const E = 'service';

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

export function toService(item: Item): Service {
  const price = mapOf(item, E, 'price');
  return {
    serviceId: str(item, E, 'serviceId'),
    name: str(item, E, 'name'),
    durationMinutes: num(item, E, 'durationMinutes'),
    price: { amount: num(price, 'service price', 'amount'), currency: str(price, 'service price', 'currency') },
    bufferBeforeMinutes: optNum(item, E, 'bufferBeforeMinutes') ?? 0,
    bufferAfterMinutes: optNum(item, E, 'bufferAfterMinutes') ?? 0,
    active: optBool(item, E, 'active') ?? true,
    createdAt: str(item, E, 'createdAt'),
    updatedAt: str(item, E, 'updatedAt'),
  };
}

/** A new service from what a member sent, the defaults filled in. */
export const newService = (input: CreateServiceInput, serviceId: string, now: string): Service =>
  toService({ ...input, serviceId, createdAt: now, updatedAt: now });

export const servicePut = (table: string, tenantId: string, service: Service): Step =>
  step('service', {
    Put: {
      TableName: table,
      Item: { ...serviceKey(tenantId, service.serviceId), [TABLE.entityAttribute]: E, ...service },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });

/** The service deleted if it is there; `missing` answers when it is not. */
export const serviceDelete = (table: string, tenantId: string, serviceId: string, missing: () => Error): Step =>
  step(
    'service',
    { Delete: { TableName: table, Key: serviceKey(tenantId, serviceId), ConditionExpression: 'attribute_exists(PK)' } },
    missing,
  );
