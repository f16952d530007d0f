import * as z from 'zod/mini';
import { deleteClient as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { noContent } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { deleteClient } from '../../shared/repositories/clients';

const Params = z.object({ tenantId: Ulid, clientId: Ulid });

export const handler = httpRoute('deleteClient', route, { params: Params }, async ({ tenant, params }) => {
  await deleteClient(tenant, params.clientId);
  return noContent();
});
