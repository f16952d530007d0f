import * as z from 'zod/mini';
import { getStaff as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getStaff } from '../../shared/repositories/staff';

const Params = z.object({ tenantId: Ulid, staffId: Ulid });

export const handler = httpRoute('getStaff', route, { params: Params }, async ({ tenant, params }) =>
  ok(await getStaff(tenant, params.staffId)),
);
