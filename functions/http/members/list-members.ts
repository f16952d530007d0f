import { listMembers as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listMembers } from '../../shared/repositories/memberships';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: PageQuery };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) => ok(await listMembers(tenant, pageOf(query))));
