import * as z from 'zod/mini';
import { updateClient as route } from '../../routes';
import { UpdateClientBody } from '../../shared/domain/client-input';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { updateClient } from '../../shared/repositories/clients';

const Params = z.object({ tenantId: Ulid, clientId: Ulid });

export const handler = httpRoute(
  'updateClient',
  route,
  { params: Params, body: UpdateClientBody },
  async ({ tenant, params, body }) => ok(await updateClient(tenant, params.clientId, body)),
);
