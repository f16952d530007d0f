import * as z from 'zod/mini';
import { rotateTenantKey as route } from '../../routes';
import { TenantParams } from '../../shared/http/params';
import { idempotentCreate } from '../../shared/middleware/idempotency';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { rotateTenantKey } from '../../shared/repositories/key-rotation';

/** No fields; an empty object (or no body) only, so a stray body is 400 rather than ignored. */
const RotateBody = z.optional(z.strictObject({}));

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: RotateBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body, event }) =>
  idempotentCreate(tenant, route, event, body ?? {}, (recordFor) => rotateTenantKey(tenant, recordFor)),
);
