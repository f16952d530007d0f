import * as z from 'zod/mini';
import { getService as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getService } from '../../shared/repositories/services';

const Params = z.object({ tenantId: Ulid, serviceId: Ulid });

export const handler = httpRoute('getService', route, { params: Params }, async ({ tenant, params }) =>
  ok(await getService(tenant, params.serviceId)),
);
