/**
 * What a route's `billing` needs (functions/routes.ts) becomes environment variables and SSM read
 * grants here, from the stage's billing settings: price ids and currency as values, secrets only as
 * the names of SecureString parameters that the function may read.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { BillingConfigNeed } from '../../functions/routes';
import type { StageConfig } from '../stage-config';

const PRICE_ENV = {
  starter: 'STRIPE_PRICE_STARTER',
  professional: 'STRIPE_PRICE_PROFESSIONAL',
  enterprise: 'STRIPE_PRICE_ENTERPRISE',
} as const;

export function billingEnvironment(needs: ReadonlyArray<BillingConfigNeed>, config: StageConfig): Record<string, string> {
  const env: Record<string, string> = {};
  const { billing } = config;
  for (const need of needs) {
    if (need === 'currency') env.BILLING_CURRENCY = billing.currency;
    if (need === 'prices') {
      for (const [plan, id] of Object.entries(billing.prices)) if (id) env[PRICE_ENV[plan as keyof typeof PRICE_ENV]] = id;
    }
    if (need === 'stripe-api-key') env.STRIPE_SECRET_KEY_PARAMETER = billing.secretKeyParameter;
    if (need === 'stripe-webhook-secret') env.STRIPE_WEBHOOK_SECRET_PARAMETER = billing.webhookSecretParameter;
  }
  return env;
}

/** ssm:GetParameter on exactly the secret parameters the function's needs name. */
export function grantBillingSecrets(fn: IFunction, needs: ReadonlyArray<BillingConfigNeed>, config: StageConfig): void {
  const names = [
    ...(needs.includes('stripe-api-key') ? [config.billing.secretKeyParameter] : []),
    ...(needs.includes('stripe-webhook-secret') ? [config.billing.webhookSecretParameter] : []),
  ];
  if (names.length === 0) return;
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: names.map((name) =>
        stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') }),
      ),
    }),
  );
}
