import { acceptInvitation as route } from '../../routes';
import { bearerToken } from '../../shared/auth/bearer';
import { UnauthorizedError } from '../../shared/errors';
import { ok } from '../../shared/http/responses';
import { currentUserProfile } from '../../shared/identity/current-user';
import { Ulid } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/http-route';
import { acceptInvitation } from '../../shared/repositories/invitation-acceptance';
import * as z from 'zod/mini';
import { requestMetaOf } from '../../shared/http/request-meta';

const Params = z.object({ invitationId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params };

export const handler = httpRoute(route, schemas, async ({ params, caller, event }) => {
  const token = bearerToken(event.headers);
  if (!token) throw new UnauthorizedError();
  const profile = await currentUserProfile(token);
  return ok(await acceptInvitation(params.invitationId, { userId: caller.userId, ...profile }, requestMetaOf(event)));
});
