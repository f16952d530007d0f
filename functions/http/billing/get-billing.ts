import { getBilling as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getBilling } from '../../shared/repositories/billing';

export const handler = httpRoute('getBilling', route, { params: TenantParams }, async ({ tenant }) =>
  ok(await getBilling(tenant)),
);
