import { listPublicServices as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { publicServices } from '../../shared/repositories/public-booking';
import { publicScope } from '../../shared/repositories/public-salon';
import { SlugParams } from './params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: SlugParams };

export const handler = httpRoute(route, schemas, async ({ params }) => ok(await publicServices(await publicScope(params.slug))));
