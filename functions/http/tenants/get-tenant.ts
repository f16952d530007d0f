import { getTenant as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getTenant } from '../../shared/repositories/tenants';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams };

export const handler = httpRoute(route, schemas, async ({ tenant }) => ok(await getTenant(tenant)));
