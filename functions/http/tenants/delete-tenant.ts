import { deleteTenant as route } from '../../routes';
import { noContent } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { softDeleteTenant } from '../../shared/repositories/tenants';

export const handler = httpRoute('deleteTenant', route, { params: TenantParams }, async ({ tenant }) => {
  await softDeleteTenant(tenant);
  return noContent();
});
