/**
 * Repository unit tests against a mocked DynamoDB document client: the environment repositories read,
 * a tenant context, and the calls made counted per command.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { TenantContext } from '../../functions/shared/domain/tenant-context';

Object.assign(process.env, {
  AWS_REGION: 'eu-west-3',
  TABLE_NAME: 'unit',
  TENANT_WRITE_ROLE_ARN: 'arn:aws:iam::000000000000:role/tenant-write',
});

export const ddb = mockClient(DynamoDBDocumentClient);
export const tenantId = '01JABCDEFGHJKMNPQRSTVWXYZ0';
export const ctx = {
  tenantId,
  userId: 'u1',
  role: 'owner',
  plan: 'free',
  subscriptionStatus: 'active',
  permission: 'clients:create',
  access: 'all',
} as TenantContext;

/** Calls per command name, e.g. { GetCommand: 1, TransactWriteCommand: 1 }. */
export function calls(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of ddb.calls()) {
    const name = (c.args[0] as object).constructor.name;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
