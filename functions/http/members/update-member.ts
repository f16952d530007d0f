import * as z from 'zod/mini';
import { updateMember as route } from '../../routes';
import { ROLES } from '../../shared/domain/rbac';
import { ok } from '../../shared/http/responses';
import { ExternalId, Ulid } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { changeMemberRole } from '../../shared/repositories/memberships';

const Params = z.object({ tenantId: Ulid, userId: ExternalId });
const Body = z.strictObject({ role: z.enum(ROLES) });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, body: Body };

export const handler = httpRoute(route, schemas, async ({ tenant, params, body }) =>
  ok(await changeMemberRole(tenant, params.userId, body.role)),
);
