import { deleteMe as route } from '../../routes';
import { bearerToken } from '../../shared/auth/bearer';
import { UnauthorizedError } from '../../shared/errors';
import { noContent } from '../../shared/http/responses';
import { currentUserProfile } from '../../shared/identity/current-user';
import { deleteUserById } from '../../shared/identity/user-directory';
import { httpRoute } from '../../shared/middleware/http-route';
import { leaveAllSalons } from '../../shared/repositories/account-deletion';
import { requestMetaOf } from '../../shared/http/request-meta';

/**
 * Memberships first, the user last: a call that stops halfway is finished by the next one, while the
 * token still works. Once the user is gone, the token answers 401 here as everywhere.
 */
/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

export const handler = httpRoute(route, schemas, async ({ caller, event }) => {
  const token = bearerToken(event.headers);
  if (!token) throw new UnauthorizedError();
  // A deleted or disabled user's token still verifies until it expires: Cognito says whether they are.
  await currentUserProfile(token);
  await leaveAllSalons(caller.userId, requestMetaOf(event));
  await deleteUserById(caller.userId);
  return noContent();
});
