import { deleteTenant as route } from '../../routes';
import { noContent } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { softDeleteTenant } from '../../shared/repositories/tenants';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams };

export const handler = httpRoute(route, schemas, async ({ tenant }) => {
  await softDeleteTenant(tenant);
  return noContent();
});
