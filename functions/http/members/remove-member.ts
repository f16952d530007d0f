import * as z from 'zod/mini';
import { removeMember as route } from '../../routes';
import { noContent } from '../../shared/http/responses';
import { ExternalId, Ulid } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { removeMember } from '../../shared/repositories/memberships';

const Params = z.object({ tenantId: Ulid, userId: ExternalId });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => {
  await removeMember(tenant, params.userId);
  return noContent();
});
