import { listMembers as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listMembers } from '../../shared/repositories/memberships';

export const handler = httpRoute('listMembers', route, { params: TenantParams, query: PageQuery }, async ({ tenant, query }) =>
  ok(await listMembers(tenant, pageOf(query))),
);
