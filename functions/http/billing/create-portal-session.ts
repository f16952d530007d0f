import * as z from 'zod/mini';
import { createPortalSession as route } from '../../routes';
import { openPortal } from '../../shared/billing/checkout';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';

/** Nothing to choose: the portal returns to the salon's billing page. An empty object (or no body) is fine. */
const PortalBody = z.optional(z.strictObject({}));

export const handler = httpRoute('createPortalSession', route, { params: TenantParams, body: PortalBody }, async ({ tenant }) =>
  ok(await openPortal(tenant)),
);
