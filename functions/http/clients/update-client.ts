import * as z from 'zod/mini';
import { updateClient as route } from '../../routes';
import { UpdateClientBody } from '../../shared/domain/client-input';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { updateClient } from '../../shared/repositories/clients';

const Params = z.object({ tenantId: Ulid, clientId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, body: UpdateClientBody };

export const handler = httpRoute(route, schemas, async ({ tenant, params, body }) =>
  ok(await updateClient(tenant, params.clientId, body)),
);
