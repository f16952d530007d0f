/**
 * Environment, parsed once per section at first use. Each function reads only the sections it needs, so
 * CDK sets only the variables that go with the access it grants. A missing variable fails the first
 * request with one clear message instead of a confusing SDK error later. Plain checks, no schema
 * library: the authorizer, which validates nothing else, then bundles no validator at all.
 */
type Env = Record<string, string | undefined>;
type Check<T> = (value: unknown) => value is T;

const nonEmpty: Check<string> = (v): v is string => typeof v === 'string' && v.length > 0;
const httpUrl: Check<string> = (v): v is string => typeof v === 'string' && /^https?:\/\/[^\s/$.?#][^\s]*$/.test(v);
/* @__NO_SIDE_EFFECTS__ */
function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v): v is T | undefined => v === undefined || check(v);
}
const positiveInt: Check<number> = (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

type Shape = Record<string, Check<unknown>>;
type Parsed<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never };

/**
 * A section's parser, built lazily. Marked free of side effects so that a function's bundle keeps only
 * the sections it reads (esbuild cannot tell on its own).
 */
/* @__NO_SIDE_EFFECTS__ */
function section<S extends Shape>(name: string, shape: S, pick: (env: Env) => Record<keyof S, unknown>) {
  let cached: Parsed<S> | undefined;
  return (env: Env = process.env): Parsed<S> => {
    if (cached !== undefined && env === process.env) return cached;
    const values = pick(env);
    const invalid = Object.keys(shape).filter((key) => !shape[key]?.(values[key]));
    if (invalid.length) throw new Error(`Configuration section "${name}" is invalid or incomplete: ${invalid.join(', ')}`);
    // Sound: every key of the shape passed its type guard just above; TS cannot carry guards through a filter.
    const parsed = values as Parsed<S>;
    if (env === process.env) cached = parsed;
    return parsed;
  };
}

export const awsConfig = section('aws', { region: nonEmpty }, (env) => ({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION }));

export const tableConfig = section('table', { tableName: nonEmpty, endpoint: optional(httpUrl) }, (env) => ({
  tableName: env.TABLE_NAME,
  endpoint: env.DYNAMODB_ENDPOINT || undefined,
}));

export const authConfig = section('auth', { issuer: httpUrl, jwksUri: httpUrl, clientId: nonEmpty }, (env) => ({
  issuer: env.TOKEN_ISSUER,
  jwksUri: env.JWKS_URI || (env.TOKEN_ISSUER ? `${env.TOKEN_ISSUER}/.well-known/jwks.json` : undefined),
  clientId: env.USER_POOL_CLIENT_ID,
}));

export const httpConfig = section('http', { maxBodyBytes: positiveInt }, (env) => ({
  maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 102_400),
}));

/** Online bookings and cancellations per client IP per 10 minutes (tests raise it: they all come from 127.0.0.1). */
export const publicBookingConfig = section('publicBooking', { writesPer10Minutes: positiveInt }, (env) => ({
  writesPer10Minutes: Number(env.PUBLIC_WRITES_PER_10_MIN ?? 20),
}));

/**
 * Multiplies every plan's request rate (domain/plans.ts). Never set on AWS (1); the local test stack
 * raises it because all its tests share a few salons, and the limiter's tests set a salon's own limit.
 */
export const tenantRateConfig = section('tenantRate', { factor: positiveInt }, (env) => ({
  factor: Number(env.TENANT_RATE_LIMIT_FACTOR ?? 1),
}));

/**
 * What `GET /v1/health?deep=1` probes besides the table (functions/shared/health/probes.ts). The
 * endpoints only point at the local emulators.
 */
export const healthProbeConfig = section(
  'healthProbe',
  {
    bucketName: nonEmpty,
    s3Endpoint: optional(httpUrl),
    kmsKeyId: nonEmpty,
    kmsEndpoint: optional(httpUrl),
    userPoolId: nonEmpty,
    cognitoEndpoint: optional(httpUrl),
  },
  (env) => ({
    bucketName: env.BUCKET_NAME,
    s3Endpoint: env.S3_ENDPOINT || undefined,
    kmsKeyId: env.KMS_KEY_ID,
    kmsEndpoint: env.KMS_ENDPOINT || undefined,
    userPoolId: env.USER_POOL_ID,
    cognitoEndpoint: env.COGNITO_ENDPOINT || undefined,
  }),
);

/**
 * The KMS key salons' data keys are generated under (crypto/keyring.ts). Decrypting a wrapped key needs
 * no key id, so functions that only read may run without KMS_KEY_ID; KMS_ENDPOINT only points at the
 * local stand-in.
 */
export const dataKeyConfig = section('dataKey', { keyId: optional(nonEmpty), endpoint: optional(httpUrl) }, (env) => ({
  keyId: env.KMS_KEY_ID || undefined,
  endpoint: env.KMS_ENDPOINT || undefined,
}));

export const identityConfig = section('identity', { endpoint: optional(httpUrl) }, (env) => ({
  endpoint: env.COGNITO_ENDPOINT || undefined,
}));

export const userPoolConfig = section('userPool', { userPoolId: nonEmpty }, (env) => ({ userPoolId: env.USER_POOL_ID }));

/** Where the web app lives: links in emails point there. */
export const appConfig = section('app', { appUrl: httpUrl }, (env) => ({ appUrl: env.APP_URL || 'http://localhost:5173' }));

/**
 * The tenant-scoped role tenant routes assume (token vending): the read-write one when the function
 * may write, else the read-only one. STS_ENDPOINT only points at the local stand-in.
 */
export const tenantRoleConfig = section('tenantRole', { roleArn: nonEmpty, stsEndpoint: optional(httpUrl) }, (env) => ({
  roleArn: env.TENANT_WRITE_ROLE_ARN || env.TENANT_READ_ROLE_ARN,
  stsEndpoint: env.STS_ENDPOINT || undefined,
}));

/** Whether this function reaches salons through the tenant role (tenant routes, public booking) or its own role (jobs). */
export const hasTenantRole = (env: Env = process.env): boolean => Boolean(env.TENANT_WRITE_ROLE_ARN || env.TENANT_READ_ROLE_ARN);

/** The app bucket, where salons' files live (functions/shared/files/objects.ts). The endpoint only points at local S3. */
export const filesConfig = section('files', { bucketName: nonEmpty, s3Endpoint: optional(httpUrl) }, (env) => ({
  bucketName: env.BUCKET_NAME,
  s3Endpoint: env.S3_ENDPOINT || undefined,
}));

/** Browser origins allowed to call the API (CORS); bearer tokens, no cookies, so no credentials mode. */
export const corsConfig = section('cors', { origins: (v): v is string[] => Array.isArray(v) }, (env) => ({
  origins: (env.CORS_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean),
}));

/**
 * Billing with Stripe. Secrets never travel in env on AWS: only the names of their SSM SecureString
 * parameters do (`*_PARAMETER`); locally the values come straight from env. Without a secret key
 * (the local default) checkout and portal answer 503; the webhook only needs its signing secret.
 * Price ids map plans to Stripe prices both ways (checkout, webhook); enterprise is sold on quote, so
 * its price only maps back. `STRIPE_API_URL` points the SDK at a local stand-in (tests only).
 */
const currencyCode: Check<string> = (v): v is string => typeof v === 'string' && /^[A-Z]{3}$/.test(v);
export const billingConfig = section(
  'billing',
  {
    secretKey: optional(nonEmpty),
    secretKeyParameter: optional(nonEmpty),
    webhookSecret: optional(nonEmpty),
    webhookSecretParameter: optional(nonEmpty),
    priceStarter: optional(nonEmpty),
    priceProfessional: optional(nonEmpty),
    priceEnterprise: optional(nonEmpty),
    currency: currencyCode,
    apiUrl: optional(httpUrl),
  },
  (env) => ({
    secretKey: env.STRIPE_SECRET_KEY || undefined,
    secretKeyParameter: env.STRIPE_SECRET_KEY_PARAMETER || undefined,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    webhookSecretParameter: env.STRIPE_WEBHOOK_SECRET_PARAMETER || undefined,
    priceStarter: env.STRIPE_PRICE_STARTER || undefined,
    priceProfessional: env.STRIPE_PRICE_PROFESSIONAL || undefined,
    priceEnterprise: env.STRIPE_PRICE_ENTERPRISE || undefined,
    currency: (env.BILLING_CURRENCY || 'eur').toUpperCase(),
    apiUrl: env.STRIPE_API_URL || undefined,
  }),
);

/** Where a group's one-time schedules go: the function they invoke, through which role, failures to which queue. */
/* @__NO_SIDE_EFFECTS__ */
function scheduleTargetSection(name: string, vars: { group: string; target: string; role: string; deadLetter: string }) {
  return section(
    name,
    { groupName: nonEmpty, targetArn: nonEmpty, roleArn: nonEmpty, deadLetterArn: nonEmpty, endpoint: optional(httpUrl) },
    (env) => ({
      groupName: env[vars.group],
      targetArn: env[vars.target],
      roleArn: env[vars.role],
      deadLetterArn: env[vars.deadLetter],
      endpoint: env.SCHEDULER_ENDPOINT || undefined,
    }),
  );
}

/**
 * Reminder schedules (EventBridge Scheduler), invoking the reminder function. SCHEDULER_ENDPOINT only
 * points at the local stand-in (local/emulators/scheduler.ts).
 */
export const reminderScheduleConfig = scheduleTargetSection('reminderSchedules', {
  group: 'REMINDER_SCHEDULE_GROUP',
  target: 'REMINDER_FUNCTION_ARN',
  role: 'REMINDER_SCHEDULER_ROLE_ARN',
  deadLetter: 'REMINDER_DEAD_LETTER_ARN',
});

/** The purge fan-out (functions/schedules/purge-deleted-tenants.ts): one one-time schedule per due salon. */
export const purgeFanOutConfig = scheduleTargetSection('purgeFanOut', {
  group: 'PURGE_SCHEDULE_GROUP',
  target: 'PURGE_FUNCTION_ARN',
  role: 'PURGE_SCHEDULER_ROLE_ARN',
  deadLetter: 'PURGE_DEAD_LETTER_ARN',
});

/**
 * The purge worker: whether the app bucket keeps versions (then every version and delete marker goes),
 * and the reminder schedule group whose leftover schedules of the salon it deletes.
 */
export const purgeConfig = section(
  'purge',
  { bucketVersioned: (v): v is boolean => typeof v === 'boolean', reminderGroup: nonEmpty, endpoint: optional(httpUrl) },
  (env) => ({
    bucketVersioned: env.PURGE_BUCKET_VERSIONED === 'true',
    reminderGroup: env.REMINDER_SCHEDULE_GROUP,
    endpoint: env.SCHEDULER_ENDPOINT || undefined,
  }),
);

/**
 * Message delivery (functions/streams/deliver-messages.ts). Email through SES v2 from a verified identity
 * and a configuration set (its events turn bounced and complaining addresses off); SMS through AWS End
 * User Messaging from an origination identity (phone number, sender id or pool). Without an SMS identity
 * SMS messages are parked, not dropped. The endpoints only point at the local stand-ins.
 */
export const messagingConfig = section(
  'messaging',
  {
    fromAddress: nonEmpty,
    fromIdentityArn: optional(nonEmpty),
    configurationSet: optional(nonEmpty),
    sesEndpoint: optional(httpUrl),
    smsOriginationIdentity: optional(nonEmpty),
    smsConfigurationSet: optional(nonEmpty),
    smsEndpoint: optional(httpUrl),
    /** The API's public URL: unsubscribe links point at its route. */
    publicApiUrl: httpUrl,
  },
  (env) => ({
    fromAddress: env.EMAIL_FROM_ADDRESS,
    fromIdentityArn: env.EMAIL_IDENTITY_ARN || undefined,
    configurationSet: env.EMAIL_CONFIGURATION_SET || undefined,
    sesEndpoint: env.SES_ENDPOINT || undefined,
    smsOriginationIdentity: env.SMS_ORIGINATION_IDENTITY || undefined,
    smsConfigurationSet: env.SMS_CONFIGURATION_SET || undefined,
    smsEndpoint: env.SMS_ENDPOINT || undefined,
    publicApiUrl: env.PUBLIC_API_URL,
  }),
);

/**
 * Signs one-click unsubscribe links (HMAC-SHA256). On AWS only the name of an SSM SecureString parameter
 * travels in env; locally the value itself.
 */
export const unsubscribeConfig = section(
  'unsubscribe',
  { secret: optional(nonEmpty), secretParameter: optional(nonEmpty) },
  (env) => ({
    secret: env.UNSUBSCRIBE_SECRET || undefined,
    secretParameter: env.UNSUBSCRIBE_SECRET_PARAMETER || undefined,
  }),
);
