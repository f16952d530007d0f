import { createTenant as route } from '../../routes';
import { bearerToken } from '../../shared/auth/bearer';
import { CreateTenantBody } from '../../shared/domain/tenant-input';
import { UnauthorizedError } from '../../shared/errors';
import { created } from '../../shared/http/responses';
import { currentUserProfile } from '../../shared/identity/current-user';
import { requestMetaOf } from '../../shared/http/request-meta';
import { httpRoute } from '../../shared/middleware/http-route';
import { createTenant } from '../../shared/repositories/onboarding';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { body: CreateTenantBody };

export const handler = httpRoute(route, schemas, async ({ body, caller, event }) => {
  const token = bearerToken(event.headers);
  if (!token) throw new UnauthorizedError();
  const profile = await currentUserProfile(token);
  return created(await createTenant({ userId: caller.userId, email: profile.email }, body, requestMetaOf(event)));
});
