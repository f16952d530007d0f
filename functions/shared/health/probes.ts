/**
 * Dependency probes for `GET /v1/health?deep=1`: each one cheap call that proves reachability,
 * credentials and that the resource exists, run in parallel, each bounded by its own timeout (the SDK
 * call is aborted, and a probe that ignores the abort still counts as down when the time is up).
 *
 * Extension point: when EventBridge Scheduler is used, add a probe here (GetScheduleGroup on the
 * app's group) and its grant to `platform:health-probe` in lib/constructs/app-function.ts.
 */
import { CognitoIdentityProviderClient, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { awsConfig, healthProbeConfig } from '../config';
import { documentClient, tableName } from '../db/client';
import { healthKey } from '../db/keys';
import { logger } from '../logger';

export interface Probe {
  name: string;
  check: (signal: AbortSignal) => Promise<unknown>;
}

export interface ProbeResult {
  status: 'up' | 'down';
  latencyMs: number;
}

export const PROBE_TIMEOUT_MS = 1_500;

/** Every probe at once; never rejects, never takes much longer than `timeoutMs`. */
export async function runProbes(
  probes: ReadonlyArray<Probe>,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<Record<string, ProbeResult>> {
  const results = await Promise.all(
    probes.map(async ({ name, check }): Promise<[string, ProbeResult]> => {
      const started = performance.now();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        await Promise.race([check(controller.signal), timeout]);
        return [name, { status: 'up', latencyMs: Math.round(performance.now() - started) }];
      } catch (err) {
        logger.warn('health probe failed', { probe: name, reason: err instanceof Error ? err.message : String(err) });
        return [name, { status: 'down', latencyMs: Math.round(performance.now() - started) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(results);
}

/** One strongly consistent read of a fixed key: reachability, permissions and the table's existence. */
export const dynamoProbe: Probe = {
  name: 'dynamodb',
  check: (abortSignal) =>
    documentClient().send(new GetCommand({ TableName: tableName(), Key: healthKey, ConsistentRead: true }), { abortSignal }),
};

let s3: S3Client | undefined;
let kms: KMSClient | undefined;
let cognito: CognitoIdentityProviderClient | undefined;

/** The dependencies beyond the table; `config` is the environment's unless a test points one elsewhere. */
export function dependencyProbes(given?: ReturnType<typeof healthProbeConfig>): Probe[] {
  const config = given ?? healthProbeConfig();
  const region = awsConfig().region;
  const fresh = given !== undefined;
  // One attempt: a retry would only spend the probe's time budget.
  const common = { region, maxAttempts: 1 };
  const s3Client =
    (!fresh && s3) ||
    new S3Client({ ...common, ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}) });
  const kmsClient =
    (!fresh && kms) || new KMSClient({ ...common, ...(config.kmsEndpoint ? { endpoint: config.kmsEndpoint } : {}) });
  const cognitoClient =
    (!fresh && cognito) ||
    new CognitoIdentityProviderClient({ ...common, ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}) });
  if (!fresh) {
    s3 = s3Client;
    kms = kmsClient;
    cognito = cognitoClient;
  }
  return [
    { name: 's3', check: (abortSignal) => s3Client.send(new HeadBucketCommand({ Bucket: config.bucketName }), { abortSignal }) },
    { name: 'kms', check: (abortSignal) => kmsClient.send(new DescribeKeyCommand({ KeyId: config.kmsKeyId }), { abortSignal }) },
    {
      name: 'cognito',
      check: (abortSignal) => cognitoClient.send(new DescribeUserPoolCommand({ UserPoolId: config.userPoolId }), { abortSignal }),
    },
  ];
}
