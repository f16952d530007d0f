import { createInvitation as route } from '../../routes';
import { ROLES } from '../../shared/domain/rbac';
import { created } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { createInvitation } from '../../shared/repositories/invitations';
import * as z from 'zod/mini';

const Body = z.strictObject({ email: z.email().check(z.maxLength(254)), role: z.enum(ROLES) });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: Body };

export const handler = httpRoute(route, schemas, async ({ tenant, body }) => created(await createInvitation(tenant, body)));
