import { getTenant as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getTenant } from '../../shared/repositories/tenants';

export const handler = httpRoute('getTenant', route, { params: TenantParams }, async ({ tenant }) => ok(await getTenant(tenant)));
