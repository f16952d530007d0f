import { listExports as route } from '../../routes';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listExports } from '../../shared/repositories/exports';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: PageQuery };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) => ok(await listExports(tenant, pageOf(query))));
