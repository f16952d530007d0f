import { getUnsubscribe as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { unsubscriptionState } from '../../shared/repositories/unsubscribe';
import { UnsubscribeQuery } from './unsubscribe-params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { query: UnsubscribeQuery };

export const handler = httpRoute(route, schemas, async ({ query }) => ok(await unsubscriptionState(query.token)));
