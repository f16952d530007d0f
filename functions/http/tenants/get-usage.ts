import { getUsage as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getUsage } from '../../shared/repositories/usage';

export const handler = httpRoute('getUsage', route, { params: TenantParams }, async ({ tenant }) => ok(await getUsage(tenant)));
