import * as z from 'zod/mini';
import { listFiles as route } from '../../routes';
import { PageQuery, TenantParams, Ulid, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listFiles } from '../../shared/repositories/files';

const Query = z.extend(PageQuery, { clientId: z.optional(Ulid) });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: Query };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) =>
  ok(await listFiles(tenant, pageOf(query), { clientId: query.clientId })),
);
