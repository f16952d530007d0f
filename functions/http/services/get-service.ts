import * as z from 'zod/mini';
import { getService as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getService } from '../../shared/repositories/services';

const Params = z.object({ tenantId: Ulid, serviceId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => ok(await getService(tenant, params.serviceId)));
