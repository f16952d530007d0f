import { getPublicLogo as route } from '../../routes';
import { baseHeaders } from '../../shared/http/responses';
import { tenantLinks } from '../../shared/files/objects';
import { httpRoute } from '../../shared/middleware/http-route';
import { PUBLIC_LOGO_CACHE_SECONDS, publicLogoUrl, publicScope } from '../../shared/repositories/public-salon';
import { SlugParams } from './params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { params: SlugParams };

/**
 * A redirect rather than the bytes: S3 serves the image, the function only signs. Cacheable for half the
 * URL's lifetime, so a browser or CDN never follows a cached redirect to an expired URL.
 */
export const handler = httpRoute(route, schemas, async ({ params }) => {
  const scope = await publicScope(params.slug);
  return {
    statusCode: 302,
    headers: {
      ...baseHeaders,
      location: await publicLogoUrl(scope, tenantLinks(scope)),
      'cache-control': `public, max-age=${PUBLIC_LOGO_CACHE_SECONDS}`,
    },
    body: '',
  };
});
