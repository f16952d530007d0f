/**
 * `POST /v1/public/unsubscribe?token=…`: the URL of every client email's List-Unsubscribe header. Mail
 * clients POST `List-Unsubscribe=One-Click` as a form (RFC 8058), so the body is kept raw and not
 * parsed; the token in the query is the whole authority.
 */
import { unsubscribe as route } from '../../routes';
import { ok } from '../../shared/http/responses';
import { httpRoute } from '../../shared/middleware/http-route';
import { keepRawBody } from '../../shared/middleware/raw-body';
import { unsubscribeWithToken } from '../../shared/repositories/unsubscribe';
import { UnsubscribeQuery } from './unsubscribe-params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { query: UnsubscribeQuery };

export const handler = httpRoute(route, schemas, async ({ query }) => ok(await unsubscribeWithToken(query.token)), {
  rawBody: keepRawBody(1024),
});
