import * as z from 'zod/mini';
import { listAuditLog as route } from '../../routes';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listAuditLog } from '../../shared/repositories/audit-log';
import { FilterQuery, inOrder } from './query';

const Query = z
  .extend(PageQuery, FilterQuery.shape)
  .check(z.refine(inOrder, { message: '`from` is after `to`.', path: ['from'] }));

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: Query };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) => {
  const { limit: _l, cursor: _c, ...filter } = query;
  return ok(await listAuditLog(tenant, pageOf(query), filter));
});
