import * as z from 'zod/mini';
import { getClient as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getClient } from '../../shared/repositories/clients';

const Params = z.object({ tenantId: Ulid, clientId: Ulid });

export const handler = httpRoute('getClient', route, { params: Params }, async ({ tenant, params }) =>
  ok(await getClient(tenant, params.clientId)),
);
