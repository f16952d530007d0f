import * as z from 'zod/mini';
import { exportClient as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { exportClient } from '../../shared/repositories/client-rights';

const Params = z.object({ tenantId: Ulid, clientId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => ok(await exportClient(tenant, params.clientId)));
