/**
 * What a salon costs the platform in a month: the monthly counters it already keeps (API calls and
 * their integration time from the access logs; DynamoDB units and job time its functions measured;
 * messages sent, reminders fired; stored file bytes) times AWS list prices.
 * The one price table is here; everything else (the `/usage` answer, `npm run cost-report`) reads it.
 *
 * An estimate, not a bill: free tiers, volume tiers, data transfer, logs, S3 requests, the KMS key's
 * monthly fee and everything shared by all salons (platform overhead: the authorizer, stream batches'
 * own time, metering, the purge, cold starts' init outside a request) are left out. Money is exact: prices are integer picodollars
 * (10^-12 USD) per unit and amounts are computed in BigInt, then rounded half up once per line, to
 * micro-dollars and to cents; the total is the sum of the lines' exact amounts, rounded the same way.
 */
import type { MeteredCounts } from '../entities/usage';

/** Where and when the prices below were checked (docs/operations.md, "Cost per salon"). */
export const PRICE_TABLE = {
  region: 'us-east-1',
  checkedOn: '2026-12-03',
  currency: 'USD',
} as const;

export type CostItem =
  | 'apiRequests'
  | 'lambdaRequests'
  | 'lambdaCompute'
  | 'dynamodbReads'
  | 'dynamodbWrites'
  | 'kmsRequests'
  | 'schedulerInvocations'
  | 'emails'
  | 'sms'
  | 's3Storage';

export interface UnitPrice {
  /** What one unit is, as shown to people. */
  readonly unit: string;
  /** USD per unit, in picodollars (10^-12 USD): integers keep every product exact. */
  readonly picoUsd: bigint;
  /** Where the figure comes from, and whether it could be checked (see docs/operations.md). */
  readonly source: string;
}

const M = 1_000_000n; // picodollars in a micro-dollar

/**
 * AWS list prices, us-east-1 (the Region `cdk deploy` uses by default here), checked on 2026-12-03 with
 * the sources cited per line. "verified" means read on an AWS page; "secondary" means two or more
 * third-party summaries agree and no AWS page with the figure could be read here; "assumption" means no
 * source was found. Free tiers and volume tiers are left out (the first tier's price is used).
 */
export const PRICES: Readonly<Record<CostItem, UnitPrice>> = {
  // $3.50 per million REST API calls (first 333 M a month): https://aws.amazon.com/api-gateway/pricing/ (verified).
  apiRequests: { unit: 'request', picoUsd: 3_500_000n, source: 'API Gateway REST, first tier: $3.50 / million (verified)' },
  // $0.20 per million requests: https://aws.amazon.com/lambda/pricing/ (verified).
  lambdaRequests: { unit: 'request', picoUsd: 200_000n, source: 'Lambda requests: $0.20 / million (verified)' },
  // Arm: $0.0000133334 per GB-second, first 7.5 billion GB-s a month: https://aws.amazon.com/lambda/pricing/ (verified).
  lambdaCompute: { unit: 'GB-second', picoUsd: 13_333_400n, source: 'Lambda arm64 duration: $0.0000133334 / GB-s (verified)' },
  // On demand since the November 2024 cut of 50 %: $0.125 per million RRU. Secondary:
  // https://airbyte.com/data-engineering-resources/dynamodb-pricing and
  // https://costpatrol.io/blog/dynamodb-on-demand-vs-provisioned-pricing agree; the AWS News Blog
  // (https://aws.amazon.com/blogs/aws/amazon-dynamodb-on-demand-no-capacity-planning-and-pay-per-request-pricing,
  // updated 2025-01-31) confirms the cut without the figure.
  dynamodbReads: {
    unit: 'read request unit',
    picoUsd: 125_000n,
    source: 'DynamoDB on-demand reads: $0.125 / million RRU (secondary: airbyte.com, costpatrol.io)',
  },
  // $0.625 per million WRU: the same two sources.
  dynamodbWrites: {
    unit: 'write request unit',
    picoUsd: 625_000n,
    source: 'DynamoDB on-demand writes: $0.625 / million WRU (secondary: airbyte.com, costpatrol.io)',
  },
  // $0.03 per 10,000 symmetric requests after 20,000 free a month. https://aws.amazon.com/kms/pricing/
  // states the free tier (read); the rate is from https://www.wring.co/blog/aws-kms-pricing-guide and
  // https://www.factualminds.com/blog/aws-kms-pricing-keys-requests-multi-region/ (secondary).
  kmsRequests: {
    unit: 'request',
    picoUsd: 3_000_000n,
    source: 'KMS symmetric requests: $0.03 / 10,000 (secondary: wring.co, factualminds.com)',
  },
  // $1.00 per million invocations after 14 M free a month: https://cloudburn.io/blog/amazon-eventbridge-pricing
  // (2026-03) and https://awsnegotiations.com/eventbridge-scheduler-cost (14 M free). Secondary; one
  // other summary (wring.co) calls Scheduler invocations free, so this may overstate.
  schedulerInvocations: {
    unit: 'invocation',
    picoUsd: 1_000_000n,
    source: 'EventBridge Scheduler: $1.00 / million invocations (secondary: cloudburn.io, awsnegotiations.com)',
  },
  // À la carte: $0.0001 per outbound recipient, from the AWS Price List API (AmazonSES us-east-1, 2026-07-22)
  // as transcribed in github.com/api-evangelist/amazon-ses plans/amazon-ses-plans-pricing.yml (secondary).
  // Since 2026-07-21 new accounts start on the Essentials plan: $0.00016 per email (first 10 M): 60 % more.
  emails: {
    unit: 'email',
    picoUsd: 100_000_000n,
    source: 'SES outbound, à la carte: $0.10 / 1,000 (secondary; Essentials plan: $0.16 / 1,000)',
  },
  // One SMS segment to France (FR), End User Messaging, carrier fee included. No source with the FR rate
  // was found (https://aws.amazon.com/end-user-messaging/pricing/ could not be read here): an assumption.
  sms: {
    unit: 'SMS to FR',
    picoUsd: 80_000_000_000n,
    source: 'End User Messaging SMS to France: about $0.08 / message (assumption, no source found)',
  },
  // S3 Standard, first 50 TB: $0.023 per GB-month (secondary: gist.github.com/EverettBerry/a37438006529a55f42da6fdbc44a505c;
  // https://aws.amazon.com/s3/pricing/ renders its prices by script). Requests are left out.
  s3Storage: {
    unit: 'GB-month',
    picoUsd: 23_000_000_000n,
    source: 'S3 Standard storage, first 50 TB: $0.023 / GB-month (secondary)',
  },
};

/**
 * DynamoDB units where nothing was measured: months counted before measurement, API calls whose
 * function reported no capacity line, and DynamoDB calls that answered no ConsumedCapacity (a failed
 * condition or a cancelled transaction: DynamoDB still charges the write they attempted).
 * Every call spends the salon's rate counter (1 WRU, measured). Reads: the tenant gate's membership
 * read and the route's own (items under 4 KB, strongly consistent, 1 RRU each: measured, a cached read
 * of the salon is 0.5). Writes add a two-item transaction of items under 1 KB (2 WRU each). See
 * tests/integration/shared/capacity.test.ts for the measured figures.
 */
export const DYNAMODB_MODEL = {
  readsPerCall: 2,
  /** The rate counter's conditional update (repositories/request-rate.ts). */
  writesPerCall: 1,
  readsPerWriteCall: 2,
  writesPerWriteCall: 4,
  /** A message sent: the claim (1 WRU), then its status and the counter in one transaction (2 x 2 WRU); the salon's timezone. */
  writesPerMessage: 5,
  readsPerMessage: 1,
  /** A reminder fired: a transaction of marker, message, appointment and salon checks and counter (5 x 2 WRU); its reads. */
  writesPerReminder: 10,
  readsPerReminder: 6,
  /** A call that answered no capacity: one write unit (a refused conditional write of an item under 1 KB). */
  writesPerUnmeasuredCall: 1,
} as const;

/**
 * A salon's month as the platform counts it (entities/usage.ts): the metered counters (API calls, their
 * time, the DynamoDB units and job time the functions measured), and the counters written with the work.
 */
export interface MonthlyCounts extends MeteredCounts {
  /** The salon's stored file bytes (the totals item), priced as held for the whole month. */
  storageBytes: number;
  emailsSent: number;
  smsSent: number;
  remindersFired: number;
}

export interface CostLine {
  item: CostItem;
  quantity: number;
  unit: string;
  /** USD per unit, as a decimal string (exact). */
  unitPrice: string;
  /** Cents, rounded half up. */
  amount: number;
  /** Micro-dollars, rounded half up: shows what a few calls add before they reach a cent. */
  amountMicros: number;
}

export interface CostEstimate {
  currency: 'USD';
  month: string;
  total: { amount: number; amountMicros: number; currency: 'USD' };
  lines: CostLine[];
}

/** n / d rounded half up, for n >= 0. */
const roundDiv = (n: bigint, d: bigint): bigint => (n + d / 2n) / d;

/** USD per unit as a decimal string: 3500000 pico -> "0.0000035". */
export function picoToUsd(pico: bigint): string {
  const s = pico.toString().padStart(13, '0');
  const whole = s.slice(0, -12);
  const frac = s.slice(-12).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

const nonNegativeInt = (n: number, name: string): bigint => {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name} must be a finite number >= 0`);
  return BigInt(Math.round(n));
};

/**
 * The month's estimate for a salon. `memoryMb` is the route functions' memory (stage config): Lambda
 * compute is the integration time times that memory, which overstates billed duration by the
 * gateway-to-Lambda overhead (a few ms a call) and counts cold starts' init time where it is billed.
 */
export function estimateCost(month: string, c: MonthlyCounts, memoryMb: number, prices = PRICES): CostEstimate {
  const calls = nonNegativeInt(c.apiCalls, 'apiCalls');
  const writes = nonNegativeInt(c.writeCalls, 'writeCalls');
  const messages = nonNegativeInt(c.emailsSent, 'emailsSent') + nonNegativeInt(c.smsSent, 'smsSent');
  const reminders = nonNegativeInt(c.remindersFired, 'remindersFired');
  const ms = nonNegativeInt(c.integrationMs, 'integrationMs');
  const mb = nonNegativeInt(memoryMb, 'memoryMb');
  const jobRuns = nonNegativeInt(c.jobRuns, 'jobRuns');
  const jobMbMs = nonNegativeInt(c.jobMbMs, 'jobMbMs');
  const bytes = nonNegativeInt(c.storageBytes, 'storageBytes');
  const m = DYNAMODB_MODEL;
  // Measured where measured; the model for API calls without a capacity line, calls that answered
  // none, and (in months before jobs were measured) messages and reminders.
  const measuredCalls = nonNegativeInt(c.measuredCalls, 'measuredCalls');
  const unmeasured = calls > measuredCalls ? calls - measuredCalls : 0n;
  // The unmeasured calls' share of writing calls, rounded half up (all of them in an unmeasured month).
  const unmeasuredWrites = calls === 0n ? 0n : (unmeasured * writes * 2n + calls) / (calls * 2n);
  const unmeasuredReads = unmeasured - unmeasuredWrites;
  const jobsModelled = jobRuns === 0n;
  const rru =
    BigInt(Math.round(Math.max(0, c.readUnits + c.jobReadUnits))) +
    unmeasuredReads * BigInt(m.readsPerCall) +
    unmeasuredWrites * BigInt(m.readsPerWriteCall) +
    (jobsModelled ? messages * BigInt(m.readsPerMessage) + reminders * BigInt(m.readsPerReminder) : 0n);
  const wru =
    BigInt(Math.round(Math.max(0, c.writeUnits + c.jobWriteUnits))) +
    unmeasured * BigInt(m.writesPerCall) +
    unmeasuredWrites * BigInt(m.writesPerWriteCall) +
    nonNegativeInt(c.unmeasuredDbCalls, 'unmeasuredDbCalls') * BigInt(m.writesPerUnmeasuredCall) +
    (jobsModelled ? messages * BigInt(m.writesPerMessage) + reminders * BigInt(m.writesPerReminder) : 0n);
  // Lambda runs for API calls, message deliveries and reminders. Invocations stay counted per message
  // and reminder (a stream batch is one invocation for many records: an upper bound).
  const invocations = calls + messages + reminders;

  // GB-seconds = MB x ms / (1000 * 1024): the API calls' integration time at the route memory, plus the
  // jobs' measured MB x ms. Amount in picodollars = MB x ms x price / 1,024,000 (kept exact).
  const mbMs = ms * mb + jobMbMs;
  const computeDenominator = 1_024_000n;
  // GB-month = bytes / 2^30.
  const gib = 1_073_741_824n;
  // A common denominator of every line (lcm of 1,024,000 and 2^30) for the exact total.
  const totalDenominator = 134_217_728_000n;

  type Raw = { item: CostItem; quantity: number; pico: bigint; denominator: bigint };
  const raw: Raw[] = [
    { item: 'apiRequests', quantity: Number(calls), pico: calls * prices.apiRequests.picoUsd, denominator: 1n },
    { item: 'lambdaRequests', quantity: Number(invocations), pico: invocations * prices.lambdaRequests.picoUsd, denominator: 1n },
    {
      item: 'lambdaCompute',
      quantity: Math.round((Number(mbMs) / 1_024_000) * 1000) / 1000,
      pico: mbMs * prices.lambdaCompute.picoUsd,
      denominator: computeDenominator,
    },
    { item: 'dynamodbReads', quantity: Number(rru), pico: rru * prices.dynamodbReads.picoUsd, denominator: 1n },
    { item: 'dynamodbWrites', quantity: Number(wru), pico: wru * prices.dynamodbWrites.picoUsd, denominator: 1n },
    {
      item: 'kmsRequests',
      quantity: c.kmsCalls,
      pico: nonNegativeInt(c.kmsCalls, 'kmsCalls') * prices.kmsRequests.picoUsd,
      denominator: 1n,
    },
    {
      item: 'schedulerInvocations',
      quantity: Number(reminders),
      pico: reminders * prices.schedulerInvocations.picoUsd,
      denominator: 1n,
    },
    { item: 'emails', quantity: c.emailsSent, pico: BigInt(c.emailsSent) * prices.emails.picoUsd, denominator: 1n },
    { item: 'sms', quantity: c.smsSent, pico: BigInt(c.smsSent) * prices.sms.picoUsd, denominator: 1n },
    {
      item: 's3Storage',
      quantity: Math.round((Number(bytes) / Number(gib)) * 1e6) / 1e6,
      pico: bytes * prices.s3Storage.picoUsd,
      denominator: gib,
    },
  ];
  let totalScaled = 0n;
  const lines = raw.map((r): CostLine => {
    totalScaled += r.pico * (totalDenominator / r.denominator);
    return {
      item: r.item,
      quantity: r.quantity,
      unit: prices[r.item].unit,
      unitPrice: picoToUsd(prices[r.item].picoUsd),
      amount: Number(roundDiv(r.pico, r.denominator * 10_000n * M)),
      amountMicros: Number(roundDiv(r.pico, r.denominator * M)),
    };
  });
  return {
    currency: 'USD',
    month,
    total: {
      amount: Number(roundDiv(totalScaled, totalDenominator * 10_000n * M)),
      amountMicros: Number(roundDiv(totalScaled, totalDenominator * M)),
      currency: 'USD',
    },
    lines,
  };
}
