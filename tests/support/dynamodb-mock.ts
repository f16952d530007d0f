/**
 * Repository unit tests against a mocked DynamoDB document client: the environment repositories read,
 * a tenant context, and the calls made counted per command.
 */
import { randomBytes } from 'node:crypto';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { keyring } from '../../functions/shared/crypto/keyring';
import { TENANT_KEY_PREFIX, tenantKeyKey } from '../../functions/shared/db/keys';
import type { TenantContext } from '../../functions/shared/domain/tenant-context';

Object.assign(process.env, {
  AWS_REGION: 'eu-west-3',
  TABLE_NAME: 'unit',
  TENANT_WRITE_ROLE_ARN: 'arn:aws:iam::000000000000:role/tenant-write',
});

export const ddb = mockClient(DynamoDBDocumentClient);
export const kms = mockClient(KMSClient);
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

/**
 * The salon's data key as the keyring finds it (its key item, KMS Decrypt mocked), loaded once so that
 * call counts show a request's own calls: the keyring reads keys once per cache period, not per request.
 * Call after `ddb.reset()`.
 */
export async function withDataKey(): Promise<void> {
  const plaintext = randomBytes(32);
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':prefix': TENANT_KEY_PREFIX } }).resolves({
    Items: [
      {
        ...tenantKeyKey(tenantId, 1),
        entity: 'tenantKey',
        tenantId,
        version: 1,
        wrappedKey: 'd3JhcHBlZA==',
        createdAt: '2026-01-01T00:00:00.000Z',
        state: 'active',
      },
    ],
  });
  kms.reset();
  kms.on(DecryptCommand).resolves({ Plaintext: plaintext });
  keyring().forget(tenantId);
  await keyring().cipherFor(tenantId);
  ddb.resetHistory();
}
