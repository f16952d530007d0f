import document from '../../../docs/openapi.json' with { type: 'json' };
import { getOpenApi as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

/** The committed document, bundled as data: the function serves exactly what the repository holds. */
export const handler = httpRoute('getOpenApi', route, schemas, async () => ok(document));
