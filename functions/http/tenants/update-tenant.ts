import { updateTenant as route } from '../../routes';
import { UpdateTenantBody } from '../../shared/domain/tenant-input';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { updateTenant } from '../../shared/repositories/tenants';

export const handler = httpRoute(
  'updateTenant',
  route,
  { params: TenantParams, body: UpdateTenantBody },
  async ({ tenant, body }) => ok(await updateTenant(tenant, body)),
);
