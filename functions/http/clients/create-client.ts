import { createClient as route } from '../../routes';
import { CreateClientBody } from '../../shared/domain/client-input';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { createClient } from '../../shared/repositories/clients';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: CreateClientBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body, event }) =>
  idempotentCreate(tenant, route, event, body, (recordFor) => createClient(tenant, body, recordFor)),
);
