import { createStaff as route } from '../../routes';
import { CreateStaffBody } from '../../shared/domain/staff-input';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { createStaff } from '../../shared/repositories/staff';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: CreateStaffBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body, event }) =>
  idempotentCreate(tenant, route, event, body, (recordFor) => createStaff(tenant, body, recordFor)),
);
