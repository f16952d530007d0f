import { listStaff as route } from '../../routes';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listStaff } from '../../shared/repositories/staff';

export const handler = httpRoute('listStaff', route, { params: TenantParams, query: PageQuery }, async ({ tenant, query }) =>
  ok(await listStaff(tenant, pageOf(query))),
);
