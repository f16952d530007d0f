import { gunzipSync } from 'node:zlib';
import { getOpenApi as route } from '../../routes';
import { baseHeaders } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { OPENAPI_GZIP_BASE64 } from './document';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

let document: string | undefined;

/** The committed document (docs/openapi.json, packed by `npm run docs`): exactly what the repository holds. */
export const handler = httpRoute(route, schemas, async () => {
  document ??= gunzipSync(Buffer.from(OPENAPI_GZIP_BASE64, 'base64')).toString('utf8');
  return { statusCode: 200, headers: { ...baseHeaders }, body: document };
});
