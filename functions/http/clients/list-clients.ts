import * as z from 'zod/mini';
import { listClients as route } from '../../routes';
import { PageQuery, TenantParams, pageOf } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { listClients } from '../../shared/repositories/clients';

const Query = z.extend(PageQuery, { email: z.optional(z.email().check(z.maxLength(254))) });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: Query };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) =>
  ok(await listClients(tenant, pageOf(query), { email: query.email })),
);
