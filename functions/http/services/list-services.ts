import { listServices as route } from '../../routes';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listServices } from '../../shared/repositories/services';

export const handler = httpRoute('listServices', route, { params: TenantParams, query: PageQuery }, async ({ tenant, query }) =>
  ok(await listServices(tenant, pageOf(query))),
);
