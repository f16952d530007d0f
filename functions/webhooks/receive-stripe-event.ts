/**
 * `POST /v1/webhooks/stripe`: the body stays raw until Stripe's signature over it is verified; only
 * then is it read as an event and applied. Answers 400 for a bad signature or a signed body that is no
 * event at all (nothing changes), 2xx for anything verified that needs no retry (an unusable event is
 * `ignored`, with the reason), 5xx for failures of ours (Stripe retries).
 */
import { receiveStripeEvent as route } from '../routes';
import { stripeWebhookSecret } from '../shared/billing/secrets';
import { handleStripeEvent, verifyStripeEvent } from '../shared/billing/webhook';
import { headerOf } from '../shared/http/headers';
import { ok } from '../shared/http/responses';
import { BUSINESS_METRICS, recordEvent } from '../shared/metrics';
import { httpRoute } from '../shared/middleware/http-route';
import { keepRawBody } from '../shared/middleware/raw-body';

/** Stripe's event payloads stay well below this; API Gateway's own limit is 10 MB. */
const MAX_EVENT_BYTES = 512 * 1024;

/** What the edge validates; also read by the OpenAPI generator (docs/openapi.ts). */
export const schemas = {};

export const handler = httpRoute(
  route,
  schemas,
  async ({ rawBody, event }) => {
    const verified = verifyStripeEvent(rawBody, headerOf(event, 'stripe-signature'), await stripeWebhookSecret());
    // Every verified event is acknowledged (2xx), ignored ones with the reason, so Stripe stops retrying them.
    const result = await handleStripeEvent(verified);
    if (result.outcome === 'applied') recordEvent(BUSINESS_METRICS.webhookEventApplied, { eventType: verified.type });
    return ok({ received: true, ...result });
  },
  { rawBody: keepRawBody(MAX_EVENT_BYTES) },
);
