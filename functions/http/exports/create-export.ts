import * as z from 'zod/mini';
import { createExport as route } from '../../routes';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { createExport } from '../../shared/repositories/exports';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: z.optional(z.strictObject({})) };

export const handler = httpRoute(route, schemas, async ({ tenant, event }) =>
  idempotentCreate(tenant, route, event, null, (recordFor) => createExport(tenant, recordFor)),
);
