import { createService as route } from '../../routes';
import { CreateServiceBody } from '../../shared/domain/service-input';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { createService } from '../../shared/repositories/services';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: CreateServiceBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body, event }) =>
  idempotentCreate(tenant, route, event, body, (recordFor) => createService(tenant, body, recordFor)),
);
