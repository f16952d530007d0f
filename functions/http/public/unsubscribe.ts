/**
 * `POST /v1/public/unsubscribe?token=…`: the URL of every client email's List-Unsubscribe header. Mail
 * clients POST `List-Unsubscribe=One-Click` as a form (RFC 8058), so the body is kept raw and not
 * parsed; the token in the query is the whole authority. The GET page's form posts here asking for
 * HTML and gets a confirmation page.
 */
import { unsubscribe as route } from '../../routes';
import { headerOf } from '../../shared/http/headers';
import { htmlPage, ok, wantsHtml } from '../../shared/http/responses';
import { pageLocale, renderUnsubscribePage } from '../../shared/mail/unsubscribe-page';
import { httpRoute } from '../../shared/middleware/http-route';
import { keepRawBody } from '../../shared/middleware/raw-body';
import { unsubscribeWithToken, unsubscriptionView } from '../../shared/repositories/unsubscribe';
import { UnsubscribeQuery } from './unsubscribe-params';
import { requestMetaOf } from '../../shared/http/request-meta';

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = { query: UnsubscribeQuery };

export const handler = httpRoute(
  route,
  schemas,
  async ({ query, event }) => {
    const done = await unsubscribeWithToken(query.token, new Date(), requestMetaOf(event));
    // The page's form asks for HTML; a mail client's one-click POST gets JSON.
    if (!wantsHtml(headerOf(event, 'accept'), false)) return ok(done);
    const view = await unsubscriptionView(query.token);
    return htmlPage(
      200,
      renderUnsubscribePage({
        ...done,
        salonName: view.salonName,
        locale: pageLocale(headerOf(event, 'accept-language'), view.salonLocale),
        action: `?token=${encodeURIComponent(query.token)}`,
      }),
    );
  },
  { rawBody: keepRawBody(1024) },
);
