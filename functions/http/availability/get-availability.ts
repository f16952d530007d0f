import { getAvailability as route } from '../../routes';
import { AvailabilityQuery } from '../../shared/domain/appointment-input';
import { TenantParams } from '../../shared/http/params';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/tenant-route';
import { availability } from '../../shared/repositories/open-slots';
import { scopeOf } from '../../shared/repositories/scope';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: TenantParams, query: AvailabilityQuery };

export const handler = httpRoute(route, schemas, async ({ tenant, query }) => ok(await availability(scopeOf(tenant), query)));
