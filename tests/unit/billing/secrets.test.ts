import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const ssm = mockClient(SSMClient);
const KEYS = [
  'STRIPE_SECRET_KEY',
  'STRIPE_SECRET_KEY_PARAMETER',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_WEBHOOK_SECRET_PARAMETER',
] as const;

/** Each case gets fresh modules: configuration sections and the secret cache are per container. */
async function load(env: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, { AWS_REGION: 'eu-west-3' }, env);
  vi.resetModules();
  return import('../../../functions/shared/billing/secrets');
}

describe('Stripe secrets', () => {
  beforeEach(() => ssm.reset());
  afterEach(() => {
    for (const k of KEYS) delete process.env[k];
  });

  it('read from SSM SecureString parameters named in env, decrypted, once per container', async () => {
    ssm.on(GetParameterCommand, { Name: '/rendezvous/prod/stripe/secret-key' }).resolves({ Parameter: { Value: 'sk_live_x' } });
    ssm.on(GetParameterCommand, { Name: '/rendezvous/prod/stripe/webhook-secret' }).resolves({ Parameter: { Value: 'whsec_x' } });
    const secrets = await load({
      STRIPE_SECRET_KEY_PARAMETER: '/rendezvous/prod/stripe/secret-key',
      STRIPE_WEBHOOK_SECRET_PARAMETER: '/rendezvous/prod/stripe/webhook-secret',
    });
    expect(await Promise.all([secrets.stripeSecretKey(), secrets.stripeSecretKey()])).toEqual(['sk_live_x', 'sk_live_x']);
    expect(await secrets.stripeWebhookSecret()).toBe('whsec_x');
    await secrets.stripeWebhookSecret();
    const calls = ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { Name: '/rendezvous/prod/stripe/secret-key', WithDecryption: true },
      { Name: '/rendezvous/prod/stripe/webhook-secret', WithDecryption: true },
    ]);
  });

  it('does not remember a failed read: the next request tries again', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ Parameter: { Value: 'whsec_y' } });
    const secrets = await load({ STRIPE_WEBHOOK_SECRET_PARAMETER: '/p' });
    await expect(secrets.stripeWebhookSecret()).rejects.toThrow('throttled');
    expect(await secrets.stripeWebhookSecret()).toBe('whsec_y');
  });

  it('come straight from env locally, without SSM', async () => {
    const secrets = await load({ STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_WEBHOOK_SECRET: 'whsec_local' });
    expect([await secrets.stripeSecretKey(), await secrets.stripeWebhookSecret()]).toEqual(['sk_test_local', 'whsec_local']);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });

  it('are absent by default: no key (billing calls answer 503), and the webhook answers 503 too', async () => {
    const secrets = await load({});
    expect(await secrets.stripeSecretKey()).toBeUndefined();
    await expect(secrets.stripeWebhookSecret()).rejects.toMatchObject({ status: 503, code: 'BILLING_UNAVAILABLE' });
  });
});
