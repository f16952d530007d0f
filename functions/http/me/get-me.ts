import { getMe as route } from '../../routes';
import { bearerToken } from '../../shared/auth/bearer';
import { UnauthorizedError } from '../../shared/errors';
import { ok } from '../../shared/http/responses';
import { currentUserProfile } from '../../shared/identity/current-user';
import { httpRoute } from '../../shared/middleware/http-route';
import { listMembershipsOfUser } from '../../shared/repositories/user-memberships';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

export const handler = httpRoute(route, schemas, async ({ caller, event }) => {
  const token = bearerToken(event.headers);
  if (!token) throw new UnauthorizedError();
  const [profile, memberships] = await Promise.all([currentUserProfile(token), listMembershipsOfUser(caller.userId)]);
  return ok({ userId: caller.userId, email: profile.email, emailVerified: profile.emailVerified, memberships });
});
