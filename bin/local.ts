/**
 * `npm start`: the whole platform on this machine, offline. Configuration by environment variables
 * (see README, Configuration); Ctrl-C stops everything, Java included.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalStartError } from '../local/ports';
import { startLocalStack } from '../local/stack';

// Node 20 is supported locally until the SDK drops it (see local-stack facts); Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const started = performance.now();

function port(name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0 picks a free one), not "${raw}".`);
    process.exit(1);
  }
  return value;
}

const say = (message: string) => console.log(`[rendezvous] ${message}`);
const dataDir = resolve(env.RENDEZVOUS_DATA_DIR || join(root, '.data'));

let stopping = false;
let stopStack: (() => Promise<void>) | undefined;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await stopStack?.();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

try {
  const stack = await startLocalStack({
    root,
    dataDir,
    inMemory: env.RENDEZVOUS_IN_MEMORY === '1' || env.RENDEZVOUS_IN_MEMORY === 'true',
    ports: {
      api: port('PORT', 3000),
      dynamodb: port('DYNAMODB_PORT', 8421),
      s3: port('S3_PORT', 4569),
      cognito: port('COGNITO_PORT', 9231),
      kms: port('KMS_PORT', 4599),
      sts: port('STS_PORT', 4598),
      scheduler: port('SCHEDULER_PORT', 4597),
      web: port('WEB_PORT', 5173),
    },
    logLevel: env.LOG_LEVEL || 'WARN',
    authorizerCacheSeconds: Number(env.AUTHORIZER_CACHE_SECONDS ?? 60),
    progress: say,
    onRequest: ({ method, path, status, ms }) => say(`${method} ${path} -> ${status} (${ms} ms)`),
  });
  stopStack = stack.stop;
  if (stopping) await stack.stop();
  const { endpoints: e } = stack;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
Rendezvous is running locally (ready in ${seconds} s).

  Console        ${e.consoleUrl}   (sign in as the demo owner below; booking page ${e.consoleUrl}/book/${e.demo.slug})
  API            ${e.apiUrl}/v1            (health: ${e.apiUrl}/v1/health)
  DynamoDB       ${e.dynamodbEndpoint}   table ${e.tableName}
  S3             ${e.s3Endpoint}   bucket ${e.bucketName}
  Cognito        ${e.cognitoEndpoint}   pool ${e.userPoolId}, client ${e.userPoolClientId}
  KMS            ${e.kmsEndpoint}
  Scheduler      ${e.schedulerEndpoint}   group ${e.reminderSchedules.group} (POST /_local/fire-due {"now":"<ISO>"})
  Endpoints      ${join(dataDir, 'endpoints.json')}
  Logs           ${join(dataDir, 'logs')}
  Messages       ${e.outboxDir}   (every email and SMS delivered: one file each)
  SES / SMS      ${e.sesEndpoint} (aws-ses-v2-local, web view at /), ${e.smsEndpoint} (SMS stand-in)
  Stripe         webhook ${e.apiUrl}/v1/webhooks/stripe, signing secret "stripeWebhookSecret" in endpoints.json;
                 ${env.STRIPE_SECRET_KEY ? 'checkout and portal use your STRIPE_SECRET_KEY' : 'checkout and portal answer 503 until STRIPE_SECRET_KEY is set'}

Demo salon "${e.demo.slug}" (tenant ${e.demo.tenantId}), owner ${e.demo.email} / ${e.demo.password}

Try it:
  curl ${e.apiUrl}/v1/health
  TOKEN=$(npm run -s token -- ${e.demo.email} '${e.demo.password}')
  curl -H "Authorization: Bearer $TOKEN" ${e.apiUrl}/v1/me
  curl -H "Authorization: Bearer $TOKEN" ${e.apiUrl}/v1/tenants/${e.demo.tenantId}/appointments
  curl ${e.apiUrl}/v1/public/${e.demo.slug}/services          (online booking: no sign-in)

Press Ctrl-C to stop everything.`);
} catch (err) {
  if (err instanceof LocalStartError) {
    console.error(err.message);
  } else {
    console.error('Rendezvous could not start:', err);
  }
  await stopStack?.();
  process.exit(1);
}
