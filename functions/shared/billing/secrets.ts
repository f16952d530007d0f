/**
 * Stripe's secrets. On AWS only the names of SSM SecureString parameters travel in env and the values
 * are read here, decrypted, once per container (refreshed after a while so a rotation converges
 * without a deploy); locally the values come straight from env.
 */
import { billingConfig } from '../config';
import { parameter } from '../secrets/parameters';
import { ServiceUnavailableError } from '../errors';

/** The Stripe API secret key, or undefined when billing is not configured (the local default). */
export async function stripeSecretKey(): Promise<string | undefined> {
  const { secretKey, secretKeyParameter } = billingConfig();
  if (secretKey) return secretKey;
  return secretKeyParameter ? parameter(secretKeyParameter) : undefined;
}

/** The webhook endpoint's signing secret; without one the webhook answers 503 and Stripe retries. */
export async function stripeWebhookSecret(): Promise<string> {
  const { webhookSecret, webhookSecretParameter } = billingConfig();
  if (webhookSecret) return webhookSecret;
  if (webhookSecretParameter) return parameter(webhookSecretParameter);
  throw new ServiceUnavailableError(
    'BILLING_UNAVAILABLE',
    'The Stripe webhook is not configured: set STRIPE_WEBHOOK_SECRET, or STRIPE_WEBHOOK_SECRET_PARAMETER on AWS.',
  );
}
