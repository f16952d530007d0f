import { listInvitations as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listInvitations } from '../../shared/repositories/invitations';

export const handler = httpRoute(
  'listInvitations',
  route,
  { params: TenantParams, query: PageQuery },
  async ({ tenant, query }) => ok(await listInvitations(tenant, pageOf(query))),
);
