/**
 * The whole platform on this machine: emulators that speak the AWS wire protocols, provisioning, and
 * the local gateway running the real handlers. Used by `npm start` and by the test suite's setup.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertJava, startDynamo } from './emulators/dynamodb';
import { startCognito } from './emulators/cognito';
import { startDynamoGuard } from './emulators/dynamodb-iam-guard';
import { startKms } from './emulators/kms';
import { startMessaging } from './emulators/messaging';
import { startS3 } from './emulators/s3';
import { type TargetInvoker, startScheduler } from './emulators/scheduler';
import { type ReminderSchedules, reminderEnvironment } from './reminder-env';
import { startSts } from './emulators/sts';
import { startGateway } from './gateway';
import { startLocalMetering } from './metering';
import { freePort, resolvePort } from './ports';
import { type Managed, reapStale } from './processes';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  provisionBucket,
  provisionScheduleGroup,
  provisionTable,
  provisionUserPool,
} from './provision';
import { DEMO_OWNER, DEMO_SALON, seedDemo } from './seed';
import { seedDemoLogo } from './seed-logo';
import { CALLBACK_PATH, localWebConfig, preloadWeb, startWeb, webUrl } from './web';
import { streamConsumers } from './stream-consumers';
import { startStreamPoller } from './stream-poller';
import { startFileEvents } from './file-events';
import { type PurgeSchedules, purgeEnvironment, startLocalPurge } from './purge';

export interface LocalOptions {
  root: string;
  dataDir: string;
  /** DynamoDB in memory (tests); otherwise its file lives in dataDir and survives restarts. */
  inMemory: boolean;
  /** `web`: the console and booking page (Vite's dev server, local/web.ts). */
  ports: {
    api: number;
    dynamodb: number;
    s3: number;
    cognito: number;
    kms: number;
    sts: number;
    scheduler: number;
    web: number;
    ses?: number;
    sms?: number;
  };
  logLevel: string;
  authorizerCacheSeconds: number;
  progress: (message: string) => void;
  onRequest?: (line: { method: string; path: string; status: number; ms: number }) => void;
}

export interface Endpoints {
  apiUrl: string;
  /** The console; the booking page is `<consoleUrl>/book/<slug>`. */
  consoleUrl: string;
  region: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  kmsEndpoint: string;
  stsEndpoint: string;
  /** The EventBridge Scheduler stand-in (reminder schedules); `POST <it>/_local/fire-due {"now"}` fires what is due. */
  schedulerEndpoint: string;
  /** What the reminder sync passes to Scheduler locally (REMINDER_* in the functions' environment). */
  reminderSchedules: ReminderSchedules;
  /** What the daily purge passes to Scheduler locally (PURGE_* in the functions' environment). */
  purgeSchedules: PurgeSchedules;
  /** aws-ses-v2-local (SES v2 API; GET /store lists what it accepted) and the SMS stand-in. */
  sesEndpoint: string;
  smsEndpoint: string;
  /** Where every delivered message lands, one file each. */
  outboxDir: string;
  /** The tenant-scoped role tenant routes assume locally (token vending runs as on AWS). */
  tenantRoleArn: string;
  cognitoEndpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  tokenIssuer: string;
  jwksUri: string;
  tableName: string;
  bucketName: string;
  kmsKeyId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  demo: { email: string; password: string; tenantId: string; slug: string };
  /** Signs local test deliveries to `/v1/webhooks/stripe` (local use only; `STRIPE_WEBHOOK_SECRET` overrides it). */
  stripeWebhookSecret: string;
  /** The price ids the webhook maps to plans (placeholders unless STRIPE_PRICE_* are set). */
  stripePrices: { starter: string; professional: string; enterprise: string };
}

const TABLE_NAME = 'rendezvous-local';
const BUCKET_NAME = 'rendezvous-local';
const TENANT_ROLE_ARN = 'arn:aws:iam::000000000000:role/rendezvous-local-tenant-data';
/** The tenant read role, told apart by the KMS stand-in (Decrypt only). The local runtime uses the write role. */
export const TENANT_READ_ROLE_ARN = 'arn:aws:iam::000000000000:role/rendezvous-local-tenant-read';
const MANAGED = ['dynamodb', 's3', 'cognito'];
const REMINDERS = {
  group: 'rendezvous-local-reminders',
  targetArn: 'arn:aws:lambda:local:000000000000:function:rendezvous-local-send-reminder',
  roleArn: 'arn:aws:iam::000000000000:role/rendezvous-local-reminder-scheduler',
  deadLetterArn: 'arn:aws:sqs:local:000000000000:rendezvous-local-reminder-dead-letters',
};
/** The purge fan-out's schedule group and worker (lib/constructs/background-jobs.ts on AWS). */
const PURGE: PurgeSchedules = {
  group: 'rendezvous-local-purge',
  targetArn: 'arn:aws:lambda:local:000000000000:function:rendezvous-local-purge-tenant',
  roleArn: 'arn:aws:iam::000000000000:role/rendezvous-local-purge-scheduler',
  deadLetterArn: 'arn:aws:sqs:local:000000000000:rendezvous-local-purge-dead-letters',
};
/** Lambda ARNs the local Scheduler resolves to handlers run in this process. */
const LOCAL_TARGETS: Record<string, string> = {
  [REMINDERS.targetArn]: '../functions/reminders/send-reminder',
  [PURGE.targetArn]: '../functions/schedules/purge-tenant',
};

/** Invokes a schedule's target in process, as Lambda would (the handler module loaded on first use). */
const invokeLocalTarget: TargetInvoker = async (arn, input) => {
  const entry = LOCAL_TARGETS[arn];
  if (!entry) throw new Error(`No local function for ${arn}`);
  const mod = (await import(entry)) as { handler: (event: unknown) => Promise<unknown> };
  await mod.handler(input);
};

export interface LocalStack {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

export async function startLocalStack(opts: LocalOptions): Promise<LocalStack> {
  const dataDir = resolve(opts.dataDir);
  const logDir = join(dataDir, 'logs');
  const runDir = join(dataDir, 'run');
  mkdirSync(logDir, { recursive: true });
  reapStale(runDir, MANAGED);
  assertJava();

  const [apiPort, dynamoPort, s3Port, cognitoPort, kmsPort, stsPort, schedulerPort] = await Promise.all([
    resolvePort(opts.ports.api, 'API'),
    resolvePort(opts.ports.dynamodb, 'DynamoDB'),
    resolvePort(opts.ports.s3, 'local S3'),
    resolvePort(opts.ports.cognito, 'local Cognito'),
    resolvePort(opts.ports.kms, 'local KMS'),
    resolvePort(opts.ports.sts, 'local STS'),
    resolvePort(opts.ports.scheduler, 'local Scheduler'),
  ]);
  const webPort = await resolvePort(opts.ports.web, 'console (WEB_PORT)');
  const consoleUrl = webUrl(webPort);

  preloadWeb();
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    stops.length = 0;
  };
  try {
    opts.progress('starting DynamoDB Local, S3, Cognito, KMS and STS emulators');
    // The KMS stand-in enforces the tenant roles' encryption-context rule from the STS session tags.
    let stsSessions: Awaited<ReturnType<typeof startSts>> | undefined;
    const results = await Promise.allSettled([
      // DynamoDB Local listens privately; clients reach it through the IAM guard on the public port.
      startDynamo({
        port: await freePort(),
        dbPath: opts.inMemory ? undefined : mkdir(join(dataDir, 'dynamodb')),
        logDir,
        runDir,
      }),
      startS3({ port: s3Port, dataDir: join(dataDir, 's3'), logDir, runDir }),
      startCognito({ port: cognitoPort, dataDir: mkdir(join(dataDir, 'cognito')), logDir, runDir }),
      startKms({
        port: kmsPort,
        keyFile: opts.inMemory ? undefined : join(dataDir, 'kms', 'master.key'),
        tenantSession: (accessKeyId) => {
          const session = stsSessions?.session(accessKeyId);
          return session && { tags: session.tags, kind: session.roleArn === TENANT_READ_ROLE_ARN ? 'read' : 'write' };
        },
      }),
      startSts({ port: stsPort }),
    ]);
    for (const r of results) {
      if (r.status === 'fulfilled')
        stops.push(() => ('process' in r.value ? (r.value.process as Managed).stop() : r.value.stop()));
    }
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [dynamo, s3, cognito, kms, sts] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof startDynamo>>,
      Awaited<ReturnType<typeof startS3>>,
      Awaited<ReturnType<typeof startCognito>>,
      Awaited<ReturnType<typeof startKms>>,
      Awaited<ReturnType<typeof startSts>>,
    ];

    stsSessions = sts;
    const guard = await startDynamoGuard({ port: dynamoPort, upstream: dynamo.endpoint, sts });
    stops.push(() => guard.stop());
    const outboxDir = mkdir(join(dataDir, 'outbox'));
    const messaging = await startMessaging({
      sesPort: await resolvePort(opts.ports.ses ?? 0, 'local SES'),
      smsPort: await resolvePort(opts.ports.sms ?? 0, 'local SMS'),
      outboxDir,
    });
    stops.push(() => messaging.stop());

    // Fires by the real clock from now on; its targets read the environment set below when they run.
    const scheduler = await startScheduler({
      port: schedulerPort,
      file: opts.inMemory ? undefined : join(dataDir, 'scheduler', 'schedules.json'),
      invoke: invokeLocalTarget,
    });
    stops.push(() => scheduler.stop());

    opts.progress('creating the table, bucket, user pool and schedule group (first start only)');
    const [, , pool] = await Promise.all([
      provisionTable(dynamo.endpoint, TABLE_NAME),
      provisionBucket(s3.endpoint, BUCKET_NAME),
      provisionUserPool(cognito.endpoint, [`${consoleUrl}${CALLBACK_PATH}`]),
      provisionScheduleGroup(scheduler.endpoint, REMINDERS.group),
      provisionScheduleGroup(scheduler.endpoint, PURGE.group),
    ]);
    const tokenIssuer = `${cognito.endpoint}/${pool.userPoolId}`;
    const billing = localBilling(dataDir, opts.inMemory);

    const appUrl = process.env.APP_URL || consoleUrl;
    // What Lambda's environment holds on AWS, pointed at the emulators. Set before handlers load.
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME,
      DYNAMODB_ENDPOINT: guard.endpoint,
      BUCKET_NAME,
      S3_ENDPOINT: s3.endpoint,
      KMS_ENDPOINT: kms.endpoint,
      KMS_KEY_ID: kms.keyId,
      STS_ENDPOINT: sts.endpoint,
      SCHEDULER_ENDPOINT: scheduler.endpoint,
      ...reminderEnvironment(REMINDERS),
      ...purgeEnvironment(PURGE),
      TENANT_READ_ROLE_ARN: TENANT_ROLE_ARN,
      TENANT_WRITE_ROLE_ARN: TENANT_ROLE_ARN,
      COGNITO_ENDPOINT: cognito.endpoint,
      USER_POOL_ID: pool.userPoolId,
      USER_POOL_CLIENT_ID: pool.userPoolClientId,
      TOKEN_ISSUER: tokenIssuer,
      JWKS_URI: `${tokenIssuer}/.well-known/jwks.json`,
      POWERTOOLS_LOG_LEVEL: opts.logLevel,
      POWERTOOLS_SERVICE_NAME: 'rendezvous',
      // EMF lines would flood the terminal; POWERTOOLS_METRICS_DISABLED=false shows them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED || 'true',
      APP_URL: appUrl,
      CORS_ALLOWED_ORIGINS: corsOrigins(appUrl).join(','),
      // Billing: no Stripe key unless the caller set STRIPE_SECRET_KEY (checkout and portal answer 503).
      STRIPE_WEBHOOK_SECRET: billing.webhookSecret,
      STRIPE_PRICE_STARTER: billing.prices.starter,
      STRIPE_PRICE_PROFESSIONAL: billing.prices.professional,
      STRIPE_PRICE_ENTERPRISE: billing.prices.enterprise,
      BILLING_CURRENCY: process.env.BILLING_CURRENCY || 'eur',
      // Messages: SES and SMS stand-ins; the unsubscribe links point at the local API.
      SES_ENDPOINT: messaging.sesEndpoint,
      SMS_ENDPOINT: messaging.smsEndpoint,
      EMAIL_FROM_ADDRESS: process.env.EMAIL_FROM_ADDRESS || 'Rendezvous <no-reply@rendezvous.localhost>',
      EMAIL_CONFIGURATION_SET: 'rendezvous-local',
      SMS_ORIGINATION_IDENTITY: process.env.SMS_ORIGINATION_IDENTITY || '+15555550100',
      UNSUBSCRIBE_SECRET: localSecret(dataDir, opts.inMemory, 'unsubscribe-secret'),
      PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
    });
    delete process.env.AWS_PROFILE;

    opts.progress('seeding the demo salon');
    const demo = await seedDemo(cognito.endpoint, pool.userPoolId);

    opts.progress('starting the local API gateway');
    const metering = startLocalMetering();
    // Registered before the gateway's stop, so it runs after it and flushes the last records.
    stops.push(() => metering.stop());
    const gateway = await startGateway({
      onAccessLog: metering.record,
      port: apiPort,
      root: opts.root,
      authorizerCacheSeconds: opts.authorizerCacheSeconds,
      corsOrigins: corsOrigins(appUrl),
      onRequest: opts.onRequest,
    });
    stops.push(() => gateway.stop());
    // Through the API, so it needs the gateway; a failure leaves the demo without a logo, nothing else.
    await seedDemoLogo({
      apiUrl: gateway.url,
      cognitoEndpoint: cognito.endpoint,
      userPoolClientId: pool.userPoolClientId,
      tenantId: demo.tenantId,
      owner: DEMO_OWNER,
    }).then(
      (outcome) => outcome === 'uploaded' && opts.progress("uploaded the demo salon's logo through the API"),
      (err: unknown) => opts.progress(`the demo salon's logo was not uploaded: ${(err as Error).message}`),
    );
    opts.progress('starting the console (Vite dev server)');
    const config = localWebConfig(gateway.url, cognito.endpoint, tokenIssuer, pool.userPoolClientId);
    const web = await startWeb({ root: opts.root, port: webPort, dataDir, config });
    stops.push(() => web.stop());
    // The stream feeds message delivery as Lambda's event source mapping does on AWS.
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      tableName: TABLE_NAME,
      consumers: await streamConsumers(),
      ...(opts.inMemory ? {} : { checkpointFile: join(dataDir, 'streams', 'checkpoint.json') }),
      failuresFile: join(logDir, 'stream-failures.jsonl'),
    });
    stops.push(() => poller.stop());
    // S3 → EventBridge → the file reconciler, by listing the bucket (local/file-events.ts).
    const fileEvents = startFileEvents({
      endpoint: s3.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      bucketName: BUCKET_NAME,
      handler: async () => (await import('../functions/files/reconcile-objects')).handler,
      intervalMs: 1_000,
      onError: (err) => opts.progress(`file events: ${(err as Error).message}`),
    });
    stops.push(() => fileEvents.stop());
    const purge = startLocalPurge({ onError: (err) => opts.progress(`purge: ${(err as Error).message}`) });
    stops.push(() => purge.stop());

    const endpoints: Endpoints = {
      apiUrl: gateway.url,
      consoleUrl,
      region: LOCAL_REGION,
      dynamodbEndpoint: guard.endpoint,
      s3Endpoint: s3.endpoint,
      kmsEndpoint: kms.endpoint,
      stsEndpoint: sts.endpoint,
      schedulerEndpoint: scheduler.endpoint,
      reminderSchedules: REMINDERS,
      purgeSchedules: PURGE,
      sesEndpoint: messaging.sesEndpoint,
      smsEndpoint: messaging.smsEndpoint,
      outboxDir,
      tenantRoleArn: TENANT_ROLE_ARN,
      cognitoEndpoint: cognito.endpoint,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      tokenIssuer,
      jwksUri: `${tokenIssuer}/.well-known/jwks.json`,
      tableName: TABLE_NAME,
      bucketName: BUCKET_NAME,
      kmsKeyId: kms.keyId,
      // A copy: the SDK marks the credential objects its clients used with an internal `$source`.
      credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey },
      demo: { ...DEMO_OWNER, tenantId: demo.tenantId, slug: DEMO_SALON.slug },
      stripeWebhookSecret: billing.webhookSecret,
      stripePrices: billing.prices,
    };
    writeFileSync(join(dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    return { endpoints, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The web app's origin (APP_URL) and the usual dev-server addresses. */
function corsOrigins(appUrl: string): string[] {
  const app = new URL(appUrl).origin;
  return [...new Set([app, 'http://localhost:5173', 'http://127.0.0.1:5173'])];
}

/**
 * The webhook's signing secret (generated once and kept in the data folder, or new per in-memory run;
 * `STRIPE_WEBHOOK_SECRET` wins, e.g. the one `stripe listen` prints) and placeholder price ids, so
 * locally signed events map to plans without a Stripe account.
 */
function localBilling(dataDir: string, inMemory: boolean) {
  const env = process.env;
  let webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  if (!webhookSecret) {
    const file = join(dataDir, 'stripe', 'webhook-secret');
    if (!inMemory && existsSync(file)) webhookSecret = readFileSync(file, 'utf8').trim();
    if (!webhookSecret) {
      webhookSecret = `whsec_local_${randomBytes(24).toString('base64url')}`;
      if (!inMemory) {
        mkdir(join(dataDir, 'stripe'));
        writeFileSync(file, `${webhookSecret}\n`, { mode: 0o600 });
      }
    }
  }
  return {
    webhookSecret,
    prices: {
      starter: env.STRIPE_PRICE_STARTER || 'price_local_starter',
      professional: env.STRIPE_PRICE_PROFESSIONAL || 'price_local_professional',
      enterprise: env.STRIPE_PRICE_ENTERPRISE || 'price_local_enterprise',
    },
  };
}

/** A random secret kept in the data folder (new per in-memory run). */
function localSecret(dataDir: string, inMemory: boolean, name: string): string {
  const file = join(dataDir, 'secrets', name);
  if (!inMemory && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = randomBytes(32).toString('base64url');
  if (!inMemory) {
    mkdir(join(dataDir, 'secrets'));
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
  }
  return value;
}

function mkdir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
