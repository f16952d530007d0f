/**
 * What a salon costs the platform in a month: the monthly counters it already keeps (API calls and
 * their integration time from the access logs, messages sent, reminders fired) times AWS list prices.
 * The one price table is here; everything else (the `/usage` answer, `npm run cost-report`) reads it.
 *
 * An estimate, not a bill: free tiers, volume tiers, data transfer, logs, the KMS key's monthly fee and
 * everything shared by all salons are left out. Money is exact: prices are integer picodollars
 * (10^-12 USD) per unit and amounts are computed in BigInt, then rounded half up once per line, to
 * micro-dollars and to cents; the total is the sum of the lines' exact amounts, rounded the same way.
 */

/** Where and when the prices below were checked (docs/operations.md, "Cost per salon"). */
export const PRICE_TABLE = {
  region: 'us-east-1',
  checkedOn: '2026-12-02',
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
  | 'sms';

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
 * AWS list prices, us-east-1 (the Region `cdk deploy` uses by default here), checked on 2026-12-02.
 * Sources: https://aws.amazon.com/<service>/pricing/ pages and the summaries cited per line.
 */
export const PRICES: Readonly<Record<CostItem, UnitPrice>> = {
  // $3.50 per million REST API calls (first 333 M a month): aws.amazon.com/api-gateway/pricing (verified).
  apiRequests: { unit: 'request', picoUsd: 3_500_000n, source: 'API Gateway REST, first tier: $3.50 / million (verified)' },
  // $0.20 per million requests: aws.amazon.com/lambda/pricing (verified).
  lambdaRequests: { unit: 'request', picoUsd: 200_000n, source: 'Lambda requests: $0.20 / million (verified)' },
  // Arm: $0.0000133334 per GB-second, first 7.5 billion GB-s a month: aws.amazon.com/lambda/pricing (verified).
  lambdaCompute: { unit: 'GB-second', picoUsd: 13_333_400n, source: 'Lambda arm64 duration: $0.0000133334 / GB-s (verified)' },
  // On demand, since the November 2024 price cut: $0.125 per million RRU (verified, secondary: airbyte.com).
  dynamodbReads: {
    unit: 'read request unit',
    picoUsd: 125_000n,
    source: 'DynamoDB on-demand reads: $0.125 / million RRU (verified, secondary)',
  },
  // On demand: $0.625 per million WRU (verified, secondary: airbyte.com).
  dynamodbWrites: {
    unit: 'write request unit',
    picoUsd: 625_000n,
    source: 'DynamoDB on-demand writes: $0.625 / million WRU (verified, secondary)',
  },
  // $0.03 per 10,000 requests: aws.amazon.com/kms/pricing (verified from secondary summaries).
  kmsRequests: { unit: 'request', picoUsd: 3_000_000n, source: 'KMS symmetric requests: $0.03 / 10,000 (verified, secondary)' },
  // $1.00 per million invocations after 14 M free a month (verified, secondary: cloudburn.io, 2026-03).
  schedulerInvocations: {
    unit: 'invocation',
    picoUsd: 1_000_000n,
    source: 'EventBridge Scheduler: $1.00 / million invocations (verified, secondary)',
  },
  // $0.10 per 1,000 outbound emails, a-la-carte (verified, secondary; SES added plans in 2026-07).
  emails: { unit: 'email', picoUsd: 100_000_000n, source: 'SES outbound: $0.10 / 1,000 emails (verified, secondary)' },
  // One SMS segment to France (FR), End User Messaging, with carrier fee (not verified, see docs).
  sms: {
    unit: 'SMS to FR',
    picoUsd: 80_000_000_000n,
    source: 'End User Messaging SMS to France: about $0.08 / message (not verified)',
  },
};

/**
 * DynamoDB units per API call, by what the route may do (its `access` in the route table): a stated
 * model, not a measurement (docs/operations.md says why ReturnConsumedCapacity is not used per request).
 * Reads: the tenant gate's membership read and the route's own (items under 4 KB, strongly consistent,
 * 1 RRU each). Writes add a two-item transaction of items under 1 KB (2 WRU each).
 */
export const DYNAMODB_MODEL = {
  readsPerCall: 2,
  readsPerWriteCall: 2,
  writesPerWriteCall: 4,
  /** A message sent: the claim (1 WRU), then its status and the counter in one transaction (2 x 2 WRU); the salon's timezone. */
  writesPerMessage: 5,
  readsPerMessage: 1,
  /** A reminder fired: a transaction of marker, message, appointment and salon checks and counter (5 x 2 WRU); its reads. */
  writesPerReminder: 10,
  readsPerReminder: 6,
} as const;

/** A salon's month as the platform counts it (entities/usage.ts). */
export interface MonthlyCounts {
  apiCalls: number;
  /** API calls to routes that write the table. */
  writeCalls: number;
  /** API calls to routes that use the KMS data key. */
  kmsCalls: number;
  /** Sum over its API calls of API Gateway's `integrationLatency` (ms): billed Lambda time, estimated. */
  integrationMs: number;
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
  const reads = calls - writes < 0n ? 0n : calls - writes;
  const messages = nonNegativeInt(c.emailsSent, 'emailsSent') + nonNegativeInt(c.smsSent, 'smsSent');
  const reminders = nonNegativeInt(c.remindersFired, 'remindersFired');
  const ms = nonNegativeInt(c.integrationMs, 'integrationMs');
  const mb = nonNegativeInt(memoryMb, 'memoryMb');
  const m = DYNAMODB_MODEL;
  const rru =
    reads * BigInt(m.readsPerCall) +
    writes * BigInt(m.readsPerWriteCall) +
    messages * BigInt(m.readsPerMessage) +
    reminders * BigInt(m.readsPerReminder);
  const wru =
    writes * BigInt(m.writesPerWriteCall) + messages * BigInt(m.writesPerMessage) + reminders * BigInt(m.writesPerReminder);
  // Lambda runs for API calls, message deliveries and reminders (the last two at their own duration,
  // not counted: requests only).
  const invocations = calls + messages + reminders;

  // GB-seconds = ms * MB / (1000 * 1024); amount in picodollars = ms * MB * price / 1,024,000 (kept exact).
  const computePicoTimesDenominator = ms * mb * prices.lambdaCompute.picoUsd;
  const computeDenominator = 1_024_000n;

  type Raw = { item: CostItem; quantity: number; pico: bigint; denominator: bigint };
  const raw: Raw[] = [
    { item: 'apiRequests', quantity: Number(calls), pico: calls * prices.apiRequests.picoUsd, denominator: 1n },
    { item: 'lambdaRequests', quantity: Number(invocations), pico: invocations * prices.lambdaRequests.picoUsd, denominator: 1n },
    {
      item: 'lambdaCompute',
      quantity: Math.round(((Number(ms) * Number(mb)) / 1_024_000) * 1000) / 1000,
      pico: computePicoTimesDenominator,
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
  ];
  // The total from exact amounts: a common denominator (1,024,000 divides every line's scaled value).
  let totalScaled = 0n;
  const lines = raw.map((r): CostLine => {
    totalScaled += r.pico * (computeDenominator / r.denominator);
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
      amount: Number(roundDiv(totalScaled, computeDenominator * 10_000n * M)),
      amountMicros: Number(roundDiv(totalScaled, computeDenominator * M)),
      currency: 'USD',
    },
    lines,
  };
}
