/**
 * The demo salon of `npm start`: its owner account in the local pool and the tenant itself, created
 * through the same repository code the API uses. Idempotent: a restart finds them and moves on.
 */
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../functions/shared/db/client';
import { slugKey } from '../functions/shared/db/keys';
import { createTenant } from '../functions/shared/repositories/onboarding';
import { cognitoAdmin, ensureUser } from './provision';

export const DEMO_OWNER = { email: 'owner@demo-salon.test', password: 'DemoSalon2026!' };
export const DEMO_SALON = { name: 'Demo Salon', slug: 'demo-salon' };

export async function seedDemo(cognitoEndpoint: string, userPoolId: string): Promise<{ tenantId: string }> {
  await ensureUser(cognitoEndpoint, userPoolId, DEMO_OWNER.email, DEMO_OWNER.password);
  const admin = cognitoAdmin(cognitoEndpoint);
  let userId: string | undefined;
  try {
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: DEMO_OWNER.email }));
    userId = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
  } finally {
    admin.destroy();
  }
  if (!userId) throw new Error('The demo owner has no subject in the local pool.');

  const existing = await documentClient().send(new GetCommand({ TableName: tableName(), Key: slugKey(DEMO_SALON.slug) }));
  if (existing.Item) return { tenantId: String(existing.Item.tenantId) };
  const tenant = await createTenant(
    { userId, email: DEMO_OWNER.email },
    { ...DEMO_SALON, timezone: 'Europe/Paris', currency: 'EUR' },
  );
  return { tenantId: tenant.id };
}
