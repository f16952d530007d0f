/**
 * `GET /v1/public/unsubscribe?token=…`: the link opened in a browser answers an HTML page with a button
 * that POSTs (JSON when the caller asks for `application/json`). Changes nothing: link scanners follow GETs.
 */
import { getUnsubscribe as route } from '../../routes';
import { headerOf } from '../../shared/http/headers';
import { htmlPage, ok, wantsHtml } from '../../shared/http/responses';
import { pageLocale, renderUnsubscribePage } from '../../shared/mail/unsubscribe-page';
import { httpRoute } from '../../shared/middleware/http-route';
import { unsubscriptionState, unsubscriptionView } from '../../shared/repositories/unsubscribe';
import { UnsubscribeQuery } from './unsubscribe-params';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { query: UnsubscribeQuery };

export const handler = httpRoute(route, schemas, async ({ query, event }) => {
  if (!wantsHtml(headerOf(event, 'accept'), true)) return ok(await unsubscriptionState(query.token));
  const view = await unsubscriptionView(query.token);
  return htmlPage(
    200,
    renderUnsubscribePage({
      channel: view.channel,
      subscribed: view.subscribed,
      salonName: view.salonName,
      locale: pageLocale(headerOf(event, 'accept-language'), view.salonLocale),
      action: `?token=${encodeURIComponent(query.token)}`,
    }),
  );
});
