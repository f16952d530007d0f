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
import { withCapacityMeter } from '../metering/capacity';

// An hour (the role's default maximum): long enough that a session reused for presigning still outlives
// the longest URL it signs (files: 15 minutes), see `tenantCredentials`.
const SESSION_SECONDS = 3600;
/** Enough for the tenants one warm container serves; the least recently used makes room. */
export const MAX_TENANT_CLIENTS = 64;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

let sts: STSClient | undefined;

/**
 * One SDK client per salon per container (DynamoDB here, S3 in files/objects.ts), made by `create` on
 * first use; past MAX_TENANT_CLIENTS the least recently used is destroyed to make room. Marked free of side
 * effects so a bundle that never calls the getter drops it and the SDK client it would make.
 */
/* @__NO_SIDE_EFFECTS__ */
export function perTenantClients<C extends { destroy(): void }>(create: (tenantId: string) => C): (tenantId: string) => C {
  const clients = new Map<string, C>();
  return (tenantId) => {
    const cached = clients.get(tenantId);
    if (cached) {
      clients.delete(tenantId);
      clients.set(tenantId, cached);
      return cached;
    }
    const client = create(tenantId);
    clients.set(tenantId, client);
    if (clients.size > MAX_TENANT_CLIENTS) {
      const [oldest] = clients.keys();
      if (oldest !== undefined) {
        clients.get(oldest)?.destroy();
        clients.delete(oldest);
      }
    }
    return client;
  };
}

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
 * The tenant role's credentials for one salon, shared by that salon's DynamoDB, KMS and S3 clients
 * (crypto/keyring.ts, files/objects.ts) so all act as the same tagged session. A session is reused
 * while it has `minRemainingMs` left: a minute for calls, the URL's lifetime for presigning (a presigned
 * URL dies with the session that signed it).
 */
const sessions = new Map<string, Promise<Credentials>>();
export function tenantCredentials(tenantId: string, minRemainingMs = 60_000): () => Promise<Credentials> {
  if (minRemainingMs > (SESSION_SECONDS - 60) * 1000) throw new Error('No session lives that long');
  return async () => {
    const cached = sessions.get(tenantId);
    if (cached) {
      const c = await cached.catch(() => undefined);
      if (c && (!c.expiration || c.expiration.getTime() - Date.now() > minRemainingMs)) return c;
    }
    const fresh = assumeTenantRole(tenantRoleConfig().roleArn, tenantId);
    sessions.set(tenantId, fresh);
    if (sessions.size > MAX_TENANT_CLIENTS) {
      const [oldest] = sessions.keys();
      if (oldest !== undefined) sessions.delete(oldest);
    }
    fresh.catch(() => sessions.delete(tenantId));
    return fresh;
  };
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

/**
 * For the tenant gate's request-rate Update (repositories/request-rate.ts), sent on every member's
 * request: a low-level client of the same tagged session that resolves its middleware stack once
 * (`cacheMiddleware`, which the document client refuses) instead of on every send.
 */
export function tenantRateClient(pathTenantId: string): DynamoDBClient {
  return rateClientFor(pathTenantId);
}

const rateClientFor = perTenantClients((tenantId) =>
  withCapacityMeter(oneSigner(baseClient(tenantId, { cacheMiddleware: true }))),
);

/**
 * The SDK builds a SigV4 signer, from a copy of the whole config, for every request; this client's
 * requests all go to one endpoint, region and service, so one signer serves them (it still asks the
 * credentials provider at each signature, so renewed sessions are used).
 */
function oneSigner(client: DynamoDBClient): DynamoDBClient {
  const config = client.config;
  const make = config.signer;
  let signer: ReturnType<typeof make> | undefined;
  config.signer = (scheme) => {
    signer ??= make(scheme).catch((err: unknown) => {
      signer = undefined;
      throw err;
    });
    return signer;
  };
  return client;
}

/** For the keyring (crypto/keyring.ts): the salon whose data keys a repository asked for. */
export function tenantDbForKeyring(tenantId: string): DynamoDBDocumentClient {
  return clientFor(tenantId);
}

// Measured: each request's consumed capacity feeds the salon's cost (metering/capacity.ts).
const clientFor = perTenantClients(
  (tenantId): DynamoDBDocumentClient =>
    withCapacityMeter(DynamoDBDocumentClient.from(baseClient(tenantId), { marshallOptions: { removeUndefinedValues: true } })),
);

function baseClient(tenantId: string, extra: { cacheMiddleware?: boolean } = {}): DynamoDBClient {
  tenantRoleConfig(); // fails fast when the function has no tenant role
  const { endpoint } = tableConfig();
  return new DynamoDBClient({
    region: awsConfig().region,
    ...(endpoint ? { endpoint } : {}),
    credentials: tenantCredentials(tenantId),
    ...extra,
  });
}
