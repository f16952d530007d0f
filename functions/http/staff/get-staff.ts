import * as z from 'zod/mini';
import { getStaff as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getStaff } from '../../shared/repositories/staff';

const Params = z.object({ tenantId: Ulid, staffId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => ok(await getStaff(tenant, params.staffId)));
