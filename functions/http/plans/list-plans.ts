import { listPlans as route } from '../../routes';
import { billingConfig } from '../../shared/config';
import { pricingTable } from '../../shared/domain/billing';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';

export const handler = httpRoute('listPlans', route, {}, async () =>
  ok({ items: pricingTable(billingConfig().currency), nextCursor: null }),
);
