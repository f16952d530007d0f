import { getTenantKeys as route } from '../../routes';
import { TenantParams } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { tenantKeyStatus } from '../../shared/repositories/key-rotation';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams };

export const handler = httpRoute(route, schemas, async ({ tenant }) => ok(await tenantKeyStatus(tenant)));
