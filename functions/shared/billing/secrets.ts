/**
 * Stripe's secrets. On AWS only the names of SSM SecureString parameters travel in env and the values
 * are read here, decrypted, once per container (refreshed after a while so a rotation converges
 * without a deploy); locally the values come straight from env.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsConfig, billingConfig } from '../config';
import { ServiceUnavailableError } from '../errors';

/** Stripe keeps an old webhook secret valid for a while after a roll; this is far below that. */
const MAX_AGE_MS = 15 * 60_000;

let ssm: SSMClient | undefined;
const cache = new Map<string, { value: Promise<string>; at: number }>();

function parameter(name: string): Promise<string> {
  const hit = cache.get(name);
  if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.value;
  ssm ??= new SSMClient({ region: awsConfig().region });
  const value = ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })).then((out) => {
    const v = out.Parameter?.Value;
    if (!v) throw new Error(`SSM parameter ${name} is empty`);
    return v;
  });
  cache.set(name, { value, at: Date.now() });
  // A failed read is not remembered: the next request tries again.
  value.catch(() => cache.delete(name));
  return value;
}

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
