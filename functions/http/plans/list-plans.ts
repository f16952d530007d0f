import { listPlans as route } from '../../routes';
import { billingConfig } from '../../shared/config';
import { pricingTable } from '../../shared/domain/billing';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

export const handler = httpRoute(route, schemas, async () =>
  ok({ items: pricingTable(billingConfig().currency), nextCursor: null }),
);
