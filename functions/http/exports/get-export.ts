import * as z from 'zod/mini';
import { getExport as route } from '../../routes';
import { Ulid } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { getExport } from '../../shared/repositories/exports';

const Params = z.object({ tenantId: Ulid, exportId: Ulid });
/** `after`: the previous answer's `nextAfter`, when one answer could not link every object. */
const Query = z.object({ after: z.optional(z.string()) });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: Params, query: Query };

export const handler = httpRoute(route, schemas, async ({ tenant, params, query }) =>
  ok(await getExport(tenant, params.exportId, { after: query.after })),
);
