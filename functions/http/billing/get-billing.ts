import { getBilling as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getBilling } from '../../shared/repositories/billing';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams };

export const handler = httpRoute(route, schemas, async ({ tenant }) => ok(await getBilling(tenant)));
