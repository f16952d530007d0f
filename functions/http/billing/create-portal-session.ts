import * as z from 'zod/mini';
import { createPortalSession as route } from '../../routes';
import { openPortal } from '../../shared/billing/checkout';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';

/** Nothing to choose: the portal returns to the salon's billing page. An empty object (or no body) is fine. */
const PortalBody = z.optional(z.strictObject({}));

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: PortalBody };

export const handler = httpRoute(route, schemas, async ({ tenant }) => ok(await openPortal(tenant)));
