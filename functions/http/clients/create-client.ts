import { createClient as route } from '../../routes';
import { CreateClientBody } from '../../shared/domain/client-input';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { createClient } from '../../shared/repositories/clients';

export const handler = httpRoute(
  'createClient',
  route,
  { params: TenantParams, body: CreateClientBody },
  async ({ tenant, body, event }) =>
    idempotentCreate(tenant, 'createClient', event, body, (recordFor) => createClient(tenant, body, recordFor)),
);
