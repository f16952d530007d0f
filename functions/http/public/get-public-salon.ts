import { getPublicSalon as route } from '../../routes';
import { json } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { publicSalonProfile, publicScope } from '../../shared/repositories/public-salon';
import { SlugParams } from './params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: SlugParams };

/**
 * Browsers and CDNs may keep it a minute (the page asks on every visit; an edited name or colour shows
 * within that minute). Errors keep the default `no-store`, so a salon suspended or deleted is 404 at once.
 */
export const PUBLIC_SALON_CACHE = 'public, max-age=60, stale-while-revalidate=300';

export const handler = httpRoute(route, schemas, async ({ params }) =>
  json(200, await publicSalonProfile(await publicScope(params.slug)), { 'cache-control': PUBLIC_SALON_CACHE }),
);
