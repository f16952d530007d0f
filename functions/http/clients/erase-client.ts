import * as z from 'zod/mini';
import { eraseClient as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { json } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { eraseClient } from '../../shared/repositories/client-rights';

const Params = z.object({ tenantId: Ulid, clientId: Ulid });
/** No fields; an empty object (or no body) only, so a stray body is 400 rather than ignored. */
const EraseBody = z.optional(z.strictObject({}));

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, body: EraseBody };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => {
  const answer = await eraseClient(tenant, params.clientId);
  return json(answer.state === 'erased' ? 200 : 202, answer);
});
