import * as z from 'zod/mini';
import { createCheckoutSession as route } from '../../routes';
import { startCheckout } from '../../shared/billing/checkout';
import { PLANS } from '../../shared/domain/plans';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';

/** Every plan passes the schema, so free and enterprise get their own answer rather than "invalid". */
const CheckoutBody = z.strictObject({ plan: z.enum(PLANS) });

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, body: CheckoutBody };

export const handler = httpRoute(route, schemas, async ({ tenant, body }) => ok(await startCheckout(tenant, body.plan)));
