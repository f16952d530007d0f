import * as z from 'zod/mini';
import { updateService as route } from '../../routes';
import { UpdateServiceBody } from '../../shared/domain/service-input';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { updateService } from '../../shared/repositories/services';

const Params = z.object({ tenantId: Ulid, serviceId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, body: UpdateServiceBody };

export const handler = httpRoute(route, schemas, async ({ tenant, params, body }) =>
  ok(await updateService(tenant, params.serviceId, body)),
);
