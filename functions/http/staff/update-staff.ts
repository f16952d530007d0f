import * as z from 'zod/mini';
import { updateStaff as route } from '../../routes';
import { UpdateStaffBody } from '../../shared/domain/staff-input';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { updateStaff } from '../../shared/repositories/staff';

const Params = z.object({ tenantId: Ulid, staffId: Ulid });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, body: UpdateStaffBody };

export const handler = httpRoute(route, schemas, async ({ tenant, params, body }) =>
  ok(await updateStaff(tenant, params.staffId, body)),
);
