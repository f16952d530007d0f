import { updateTenant as route } from '../../routes';
import { UpdateTenantBody } from '../../shared/domain/tenant-input';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { updateTenant } from '../../shared/repositories/tenants';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: UpdateTenantBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body }) => ok(await updateTenant(tenant, body)));
