import { revokeInvitation as route } from '../../routes';
import { noContent } from '../../shared/http/responses';
import { Ulid } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { revokeInvitation } from '../../shared/repositories/invitations';
import * as z from 'zod/mini';

const Params = z.object({ tenantId: Ulid, invitationId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ tenant, params }) => {
  await revokeInvitation(tenant, params.invitationId);
  return noContent();
});
