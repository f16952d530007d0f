import { getAnalytics as route } from '../../routes';
import { AnalyticsQuery } from '../../shared/domain/analytics-input';
import { ok } from '../../shared/http/responses';
import { TenantParams } from '../../shared/http/params';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { salonAnalytics } from '../../shared/repositories/analytics';
import { scopeOf } from '../../shared/repositories/scope';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: AnalyticsQuery };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) => ok(await salonAnalytics(scopeOf(tenant), query)));
