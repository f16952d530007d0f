/**
 * The Stripe API client, created once per container from the secret key. Without a key (the local
 * default) billing calls answer 503 with what to configure. `STRIPE_API_URL` points the SDK at a local
 * stand-in through its host/port/protocol options (tests).
 */
import Stripe from 'stripe';
import { billingConfig } from '../config';
import { ServiceUnavailableError } from '../errors';
import { stripeSecretKey } from './secrets';

/** Below API Gateway's 29 s, with room for one retry. */
const TIMEOUT_MS = 10_000;

let client: { key: string; stripe: Stripe } | undefined;

export const BILLING_NOT_CONFIGURED =
  'Billing is not configured: set STRIPE_SECRET_KEY (locally) or STRIPE_SECRET_KEY_PARAMETER (on AWS) to a Stripe secret key.';

export async function stripeApi(): Promise<Stripe> {
  const key = await stripeSecretKey();
  if (!key) throw new ServiceUnavailableError('BILLING_UNAVAILABLE', BILLING_NOT_CONFIGURED);
  if (client?.key !== key) {
    const { apiUrl } = billingConfig();
    const url = apiUrl ? new URL(apiUrl) : undefined;
    client = {
      key,
      stripe: new Stripe(key, {
        maxNetworkRetries: 1,
        timeout: TIMEOUT_MS,
        telemetry: false,
        ...(url
          ? {
              host: url.hostname,
              port: url.port || (url.protocol === 'https:' ? 443 : 80),
              protocol: url.protocol === 'http:' ? 'http' : 'https',
            }
          : {}),
      }),
    };
  }
  return client.stripe;
}

/**
 * Stripe unreachable, overloaded or failing on its side is a 503 the caller may retry; anything else
 * (a wrong price id, a revoked key) is our misconfiguration: a logged 500.
 */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (
      err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeAPIError ||
      err instanceof Stripe.errors.StripeRateLimitError
    ) {
      throw new ServiceUnavailableError('BILLING_UNAVAILABLE', 'The payment provider did not answer; try again in a moment.');
    }
    throw err;
  }
}
