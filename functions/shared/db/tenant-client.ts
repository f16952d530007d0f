/**
 * Token vending: tenant-scoped repositories reach DynamoDB with credentials of a tenant-scoped role,
 * assumed with the session tag `tenantId`. That role may only touch items whose partition key is
 * `TENANT#<that id>` (dynamodb:LeadingKeys), so a bug in our code still cannot reach another salon.
 * One client per tenant per container, bounded; the SDK renews the credentials before they expire.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsConfig, tableConfig, tenantRoleConfig } from '../config';
import type { TenantContext } from '../domain/tenant-context';

const SESSION_SECONDS = 900;
/** Enough for the tenants one warm container serves; the least recently used makes room. */
export const MAX_TENANT_CLIENTS = 64;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

let sts: STSClient | undefined;
const clients = new Map<string, DynamoDBDocumentClient>();

async function assumeTenantRole(roleArn: string, tenantId: string): Promise<Credentials> {
  const { stsEndpoint } = tenantRoleConfig();
  sts ??= new STSClient({ region: awsConfig().region, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `tenant-${tenantId}`,
      DurationSeconds: SESSION_SECONDS,
      Tags: [{ Key: 'tenantId', Value: tenantId }],
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('AssumeRole returned no credentials');
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

/**
 * The tenant role's credentials for another client of the same salon (its S3 objects: the role may touch
 * only `tenants/<tenantId>/*`, so a presigned URL signed with them reaches nothing else).
 */
export function tenantCredentials(ctx: TenantContext): () => Promise<Credentials> {
  const { roleArn } = tenantRoleConfig();
  return () => assumeTenantRole(roleArn, ctx.tenantId);
}

export function tenantDb(ctx: TenantContext): DynamoDBDocumentClient {
  return clientFor(ctx.tenantId);
}

/**
 * For public booking: the salon's id as read from its `SLUG#` item in the table (never from the
 * request), reached through the same tenant role as its members' requests.
 */
export function tenantDbForSlugOwner(slugItem: { readonly tenantId: string; readonly entity: 'slug' }): DynamoDBDocumentClient {
  return clientFor(slugItem.tenantId);
}

/**
 * For unsubscribe links: the salon named by an HMAC token verified with the platform's secret
 * (mail/unsubscribe.ts), reached through the same tenant role as its members' requests.
 */
export function tenantDbForSignedToken(target: { readonly tenantId: string; readonly verified: true }): DynamoDBDocumentClient {
  return clientFor(target.tenantId);
}

/**
 * For the tenant gate only: the path's tenant (a ULID the authorizer checked) before any TenantContext
 * exists, to decide again from DynamoDB whether the caller may act there.
 */
export function tenantDbForAccessCheck(pathTenantId: string): DynamoDBDocumentClient {
  return clientFor(pathTenantId);
}

function clientFor(tenantId: string): DynamoDBDocumentClient {
  const cached = clients.get(tenantId);
  if (cached) {
    clients.delete(tenantId);
    clients.set(tenantId, cached);
    return cached;
  }
  const { roleArn } = tenantRoleConfig();
  const { endpoint } = tableConfig();
  const base = new DynamoDBClient({
    region: awsConfig().region,
    ...(endpoint ? { endpoint } : {}),
    credentials: () => assumeTenantRole(roleArn, tenantId),
  });
  const client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  clients.set(tenantId, client);
  if (clients.size > MAX_TENANT_CLIENTS) {
    const [oldest] = clients.keys();
    if (oldest !== undefined) {
      clients.get(oldest)?.destroy();
      clients.delete(oldest);
    }
  }
  return client;
}
