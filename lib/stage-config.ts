/**
 * Everything that differs between stages, as typed data. `bin/app.ts` is the only reader of CDK context;
 * it hands the raw values to `buildStageConfig`, and the stacks receive the result.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface StageConfig {
  readonly stage: Stage;
  /** Stack ids start with it: `Rendezvous-<stage>-Data`, ... */
  readonly stackPrefix: string;
  /** Account and region from the CLI environment when known; synth works without them. */
  readonly env: { readonly account?: string; readonly region?: string };
  /** Stateful resources are retained on stack deletion and deletion-protected (prod); dev may be torn down. */
  readonly retainData: boolean;
  /** Retention of every log group: functions, API access logs. */
  readonly logRetention: RetentionDays;
  readonly functions: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly logLevel: LogLevel;
    /** Active X-Ray tracing for functions and the API stage. */
    readonly tracing: boolean;
    /** Largest request body a handler accepts (MAX_BODY_BYTES); API Gateway itself allows 10 MB. */
    readonly maxBodyBytes: number;
  };
  readonly api: {
    /** Default method throttling of the stage (requests per second, bucket size). */
    readonly throttlingRateLimit: number;
    readonly throttlingBurstLimit: number;
    /** How long API Gateway caches an authorizer decision per identity source; at most 300 s. */
    readonly authorizerCacheTtlSeconds: number;
    /** WAF rate-based rule: requests per client IP per 5-minute window before blocking. */
    readonly wafRateLimitPer5Minutes: number;
  };
  /**
   * Origin of the web app: links in emails (APP_URL of every function), the app client's default
   * callback and logout URLs and the API's CORS allow-list. A plain string known at synth, never the
   * CloudFront distribution's generated domain: the Identity and Api stacks would then depend on the
   * Web stack, which itself reads the user pool client and the API URL (a cycle).
   */
  readonly appUrl: string;
  /**
   * Where the Web stack serves the console. With a custom domain (and its ACM certificate, which
   * CloudFront wants in us-east-1) the distribution answers on it; without one, on its own
   * `*.cloudfront.net` address, which `appUrl` must then name once known (docs/deployment.md).
   */
  readonly web: {
    readonly domainName: string | undefined;
    readonly certificateArn: string | undefined;
  };
  /**
   * Stripe: price ids of the purchasable plans (from context; unset ones are simply not sold) and the
   * names of the SSM SecureString parameters holding the secrets, which are created outside CDK.
   */
  readonly billing: {
    readonly currency: string;
    readonly prices: Readonly<Partial<Record<'starter' | 'professional' | 'enterprise', string>>>;
    readonly secretKeyParameter: string;
    readonly webhookSecretParameter: string;
  };
  /**
   * Message delivery (docs/notifications.md). The SES identity (a domain or address verified outside
   * CDK: DKIM records live in DNS) and the From address; the SMS origination identity's ARN (phone
   * number, sender id or pool; without it SMS messages are parked); the SSM SecureString parameter
   * holding the unsubscribe-link secret (created outside CDK, like the Stripe secrets).
   */
  readonly notifications: {
    readonly emailIdentity: string;
    readonly emailFromAddress: string;
    readonly smsOriginationIdentityArn: string | undefined;
    readonly unsubscribeSecretParameter: string;
  };
  /** Browser origins allowed to call the API (CORS): the app's, plus the dev server's outside prod. */
  readonly corsOrigins: ReadonlyArray<string>;
  readonly auth: {
    /** Hosted UI prefix: `<prefix>.auth.<region>.amazoncognito.com`; globally unique, so configurable. */
    readonly domainPrefix: string;
    readonly callbackUrls: ReadonlyArray<string>;
    readonly logoutUrls: ReadonlyArray<string>;
    /** True when prod callback URLs were not given and a placeholder is used (synth warns). */
    readonly placeholderCallbackUrls: boolean;
    /** ALLOW_USER_PASSWORD_AUTH on the app client: dev only, for scripted sign-in by smoke tests. */
    readonly allowPasswordAuth: boolean;
    /** Cognito Plus tier with threat protection enforced; dev stays on Essentials. */
    readonly threatProtection: boolean;
  };
}

/** Raw values as they come from CDK context (`-c key=value` gives strings, cdk.json may give arrays). */
export interface StageInputs {
  readonly stage?: unknown;
  readonly authDomainPrefix?: unknown;
  readonly callbackUrls?: unknown;
  readonly logoutUrls?: unknown;
  readonly appUrl?: unknown;
  readonly webDomainName?: unknown;
  readonly webCertificateArn?: unknown;
  readonly billingCurrency?: unknown;
  readonly stripePriceStarter?: unknown;
  readonly stripePriceProfessional?: unknown;
  readonly stripePriceEnterprise?: unknown;
  readonly emailIdentity?: unknown;
  readonly emailFromAddress?: unknown;
  readonly smsOriginationIdentityArn?: unknown;
  readonly account?: string | undefined;
  readonly region?: string | undefined;
}

const DEV_CALLBACK = 'http://localhost:5173/callback';
const PROD_PLACEHOLDER_CALLBACK = 'https://app.rendezvous.example/callback';
const MAX_AUTHORIZER_CACHE_TTL_SECONDS = 300;

export function buildStageConfig(inputs: StageInputs = {}): StageConfig {
  const stage = parseStage(inputs.stage);
  const prod = stage === 'prod';

  const web = parseWeb(inputs);
  const givenCallbacks = parseUrlList('callbackUrls', inputs.callbackUrls);
  const givenAppUrl = parseUrlList('appUrl', inputs.appUrl)?.[0] ?? (web.domainName ? `https://${web.domainName}` : undefined);
  if (web.domainName && givenAppUrl && new URL(givenAppUrl).host !== web.domainName) {
    throw new Error(`appUrl ${givenAppUrl} must be on webDomainName ${web.domainName}, where the console is served`);
  }
  const appUrl = new URL(givenAppUrl ?? givenCallbacks?.[0] ?? (prod ? PROD_PLACEHOLDER_CALLBACK : DEV_CALLBACK)).origin;
  // The console signs in with redirect_uri `<its origin>/callback` (web/src/console/auth.ts).
  const callbackUrls = givenCallbacks ?? unique([`${appUrl}/callback`, ...(prod ? [] : [DEV_CALLBACK])]);
  const logoutUrls = parseUrlList('logoutUrls', inputs.logoutUrls) ?? unique(callbackUrls.map((u) => `${new URL(u).origin}/`));

  const config: StageConfig = {
    stage,
    stackPrefix: `Rendezvous-${stage}`,
    env: {
      ...(inputs.account ? { account: inputs.account } : {}),
      ...(inputs.region ? { region: inputs.region } : {}),
    },
    retainData: prod,
    logRetention: prod ? RetentionDays.SIX_MONTHS : RetentionDays.ONE_MONTH,
    functions: {
      memoryMb: 512,
      timeoutSeconds: 10,
      logLevel: 'INFO',
      tracing: prod,
      maxBodyBytes: 102_400,
    },
    appUrl,
    web,
    billing: {
      currency: parseCurrency(inputs.billingCurrency ?? 'eur'),
      prices: Object.fromEntries(
        (
          [
            ['starter', inputs.stripePriceStarter],
            ['professional', inputs.stripePriceProfessional],
            ['enterprise', inputs.stripePriceEnterprise],
          ] as const
        ).flatMap(([plan, id]) => (id === undefined ? [] : [[plan, parsePriceId(plan, id)]])),
      ),
      secretKeyParameter: `/rendezvous/${stage}/stripe/secret-key`,
      webhookSecretParameter: `/rendezvous/${stage}/stripe/webhook-secret`,
    },
    notifications: parseNotifications(inputs, stage),
    corsOrigins: unique([new URL(appUrl).origin, ...(prod ? [] : [new URL(DEV_CALLBACK).origin])]),
    api: {
      throttlingRateLimit: prod ? 500 : 50,
      throttlingBurstLimit: prod ? 1000 : 100,
      authorizerCacheTtlSeconds: 60,
      wafRateLimitPer5Minutes: prod ? 2000 : 1000,
    },
    auth: {
      domainPrefix: parseDomainPrefix(inputs.authDomainPrefix ?? `rendezvous-${stage}-auth`),
      callbackUrls,
      logoutUrls,
      placeholderCallbackUrls: prod && givenCallbacks === undefined && givenAppUrl === undefined,
      allowPasswordAuth: !prod,
      threatProtection: prod,
    },
  };
  validate(config);
  return config;
}

function parseCurrency(value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value)) return value.toLowerCase();
  throw new Error(`billingCurrency must be an ISO 4217 code such as eur, not ${JSON.stringify(value)}`);
}

function parsePriceId(plan: string, value: unknown): string {
  if (typeof value === 'string' && /^price_[A-Za-z0-9]+$/.test(value)) return value;
  throw new Error(`The Stripe price id of ${plan} must look like price_..., not ${JSON.stringify(value)}`);
}

/** Placeholder sender for synth without context; deploys that send mail pass emailIdentity and emailFromAddress. */
const PLACEHOLDER_IDENTITY = 'rendezvous.example';

function parseNotifications(inputs: StageInputs, stage: Stage): StageConfig['notifications'] {
  const identity = inputs.emailIdentity ?? PLACEHOLDER_IDENTITY;
  if (typeof identity !== 'string' || !/^([a-z0-9-]+\.)+[a-z]{2,}$|^[^\s@]+@([a-z0-9-]+\.)+[a-z]{2,}$/i.test(identity)) {
    throw new Error(`emailIdentity must be a domain or an email address verified in SES, not ${JSON.stringify(identity)}`);
  }
  const domain = identity.includes('@') ? identity.split('@')[1] : identity;
  const from = inputs.emailFromAddress ?? (identity.includes('@') ? identity : `no-reply@${identity}`);
  if (
    typeof from !== 'string' ||
    (!from.toLowerCase().endsWith(`@${domain?.toLowerCase()}`) && from.toLowerCase() !== identity.toLowerCase())
  ) {
    throw new Error(`emailFromAddress ${JSON.stringify(from)} must be an address of the SES identity ${identity}`);
  }
  const sms = inputs.smsOriginationIdentityArn;
  if (
    sms !== undefined &&
    (typeof sms !== 'string' || !/^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|sender-id|pool)\/.+$/.test(sms))
  ) {
    throw new Error(
      `smsOriginationIdentityArn must be an End User Messaging phone-number, sender-id or pool ARN, not ${JSON.stringify(sms)}`,
    );
  }
  return {
    emailIdentity: identity,
    emailFromAddress: from,
    smsOriginationIdentityArn: sms,
    unsubscribeSecretParameter: `/rendezvous/${stage}/notifications/unsubscribe-secret`,
  };
}

/** A custom domain for the console: both keys or neither; CloudFront takes certificates from us-east-1 only. */
function parseWeb(inputs: StageInputs): StageConfig['web'] {
  const domainName = optionalString('webDomainName', inputs.webDomainName);
  const certificateArn = optionalString('webCertificateArn', inputs.webCertificateArn);
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('webDomainName and webCertificateArn go together: the custom domain needs its certificate');
  }
  if (domainName !== undefined && !/^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(domainName)) {
    throw new Error(`webDomainName must be a lowercase host name such as app.example.com, not ${JSON.stringify(domainName)}`);
  }
  if (certificateArn !== undefined && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) {
    throw new Error(
      `webCertificateArn must be an ACM certificate ARN in us-east-1 (CloudFront's), not ${JSON.stringify(certificateArn)}`,
    );
  }
  return { domainName, certificateArn };
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${name} must be a string, not ${JSON.stringify(value)}`);
  return value;
}

function parseStage(value: unknown): Stage {
  const stage = value ?? 'dev';
  if (typeof stage === 'string' && (STAGES as ReadonlyArray<string>).includes(stage)) return stage as Stage;
  throw new Error(`Unknown stage ${JSON.stringify(stage)}: use -c stage=${STAGES.join('|')}`);
}

/** Cognito domain prefixes: lowercase letters, digits and hyphens, and none of the reserved words. */
function parseDomainPrefix(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
    throw new Error(`authDomainPrefix ${JSON.stringify(value)} must be 1-63 lowercase letters, digits or hyphens`);
  }
  if (/aws|amazon|cognito/.test(value)) {
    throw new Error(`authDomainPrefix "${value}" may not contain "aws", "amazon" or "cognito"`);
  }
  return value;
}

function parseUrlList(name: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items) throw new Error(`${name} must be a comma-separated string or a list of URLs`);
  const urls = items.map((item) => String(item).trim()).filter((item) => item.length > 0);
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${name}: "${url}" is not a URL`);
    }
    // Cognito accepts http only for localhost; everything else must be https.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && parsed.hostname === 'localhost')) {
      throw new Error(`${name}: "${url}" must use https (http is allowed for localhost only)`);
    }
  }
  return urls.length > 0 ? urls : undefined;
}

function validate(config: StageConfig): void {
  const ttl = config.api.authorizerCacheTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_AUTHORIZER_CACHE_TTL_SECONDS) {
    throw new Error(`authorizerCacheTtlSeconds must be an integer between 0 and ${MAX_AUTHORIZER_CACHE_TTL_SECONDS}`);
  }
  if (config.api.wafRateLimitPer5Minutes < 10) throw new Error('wafRateLimitPer5Minutes must be at least 10 (WAF minimum)');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
