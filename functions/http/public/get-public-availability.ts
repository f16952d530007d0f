import { getPublicAvailability as route } from '../../routes';
import { AvailabilityQuery } from '../../shared/domain/appointment-input';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { publicAvailability } from '../../shared/repositories/public-booking';
import { publicScope } from '../../shared/repositories/public-salon';
import { SlugParams } from './params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: SlugParams, query: AvailabilityQuery };

export const handler = httpRoute(route, schemas, async ({ params, query }) =>
  ok(await publicAvailability(await publicScope(params.slug), query)),
);
