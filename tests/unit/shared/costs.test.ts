import { describe, expect, it } from 'vitest';
import { DYNAMODB_MODEL, estimateCost, type MonthlyCounts, PRICES, picoToUsd } from '../../../functions/shared/domain/costs';

const none: MonthlyCounts = {
  apiCalls: 0,
  writeCalls: 0,
  kmsCalls: 0,
  integrationMs: 0,
  emailsSent: 0,
  smsSent: 0,
  remindersFired: 0,
};
const line = (e: ReturnType<typeof estimateCost>, item: string) => {
  const l = e.lines.find((x) => x.item === item);
  if (!l) throw new Error(`no line ${item}`);
  return l;
};

describe('estimateCost', () => {
  it('is zero for a month with nothing counted', () => {
    const e = estimateCost('2026-12', none, 512);
    expect(e.total).toEqual({ amount: 0, amountMicros: 0, currency: 'USD' });
    expect(e.lines.every((l) => l.amount === 0 && l.quantity === 0)).toBe(true);
  });

  it('prices a million API calls at $3.50 exactly (350 cents)', () => {
    const e = estimateCost('2026-12', { ...none, apiCalls: 1_000_000 }, 512);
    expect(line(e, 'apiRequests')).toMatchObject({
      quantity: 1_000_000,
      amount: 350,
      amountMicros: 3_500_000,
      unitPrice: '0.0000035',
    });
    // Reads of the model: 2 RRU a call at $0.125 / million.
    expect(line(e, 'dynamodbReads')).toMatchObject({ quantity: 2_000_000, amountMicros: 250_000, amount: 25 });
    expect(line(e, 'lambdaRequests')).toMatchObject({ quantity: 1_000_000, amountMicros: 200_000, amount: 20 });
    expect(e.total.amountMicros).toBe(3_500_000 + 250_000 + 200_000);
    expect(e.total.amount).toBe(395);
  });

  it('computes Lambda GB-seconds from integration milliseconds and memory, exactly', () => {
    // 1,000 s at 512 MB = 500 GB-s; 500 * $0.0000133334 = $0.0066667 -> 6,667 micro-dollars, 1 cent.
    const e = estimateCost('2026-12', { ...none, integrationMs: 1_000_000 }, 512);
    expect(line(e, 'lambdaCompute')).toMatchObject({ quantity: 500, amountMicros: 6_667, amount: 1 });
    // 1,024 MB doubles it.
    expect(line(estimateCost('2026-12', { ...none, integrationMs: 1_000_000 }, 1024), 'lambdaCompute').amountMicros).toBe(13_333);
  });

  it('rounds half up, per line and on the exact total', () => {
    // One API call: 3.5 micro-dollars -> 4; cents 0.00035 -> 0.
    const one = estimateCost('2026-12', { ...none, apiCalls: 1 }, 512);
    expect(line(one, 'apiRequests')).toMatchObject({ amountMicros: 4, amount: 0 });
    // Total from exact amounts: 3.5 + 0.25 (2 RRU) + 0.2 (1 request) = 3.95 -> 4 micro-dollars, not 4 + 0 + 0.
    expect(one.total.amountMicros).toBe(4);
    // 143 calls = $0.0005005 -> 0.05005 cents -> 0 cents; 1,429 calls = $0.0050015 -> 1 cent (half up).
    expect(line(estimateCost('2026-12', { ...none, apiCalls: 1_429 }, 512), 'apiRequests').amount).toBe(1);
    expect(line(estimateCost('2026-12', { ...none, apiCalls: 1_428 }, 512), 'apiRequests').amount).toBe(0);
  });

  it('prices messages, reminders and KMS, and counts their DynamoDB work', () => {
    const e = estimateCost('2026-12', { ...none, emailsSent: 1_000, smsSent: 10, remindersFired: 100, kmsCalls: 10_000 }, 512);
    expect(line(e, 'emails')).toMatchObject({ quantity: 1_000, amount: 10 });
    expect(line(e, 'sms')).toMatchObject({ quantity: 10, amount: 80 });
    expect(line(e, 'kmsRequests')).toMatchObject({ quantity: 10_000, amount: 3 });
    expect(line(e, 'schedulerInvocations')).toMatchObject({ quantity: 100, amountMicros: 100 });
    expect(line(e, 'dynamodbWrites').quantity).toBe(
      1_010 * DYNAMODB_MODEL.writesPerMessage + 100 * DYNAMODB_MODEL.writesPerReminder,
    );
    expect(line(e, 'lambdaRequests').quantity).toBe(1_010 + 100);
  });

  it('charges write calls their writes and not a plain read', () => {
    const e = estimateCost('2026-12', { ...none, apiCalls: 10, writeCalls: 4 }, 512);
    expect(line(e, 'dynamodbWrites').quantity).toBe(4 * DYNAMODB_MODEL.writesPerWriteCall);
    expect(line(e, 'dynamodbReads').quantity).toBe(6 * DYNAMODB_MODEL.readsPerCall + 4 * DYNAMODB_MODEL.readsPerWriteCall);
  });

  it('refuses negative or non-finite counts', () => {
    expect(() => estimateCost('2026-12', { ...none, apiCalls: -1 }, 512)).toThrow(RangeError);
    expect(() => estimateCost('2026-12', { ...none, integrationMs: Number.NaN }, 512)).toThrow(RangeError);
  });

  it('writes unit prices as exact decimals', () => {
    expect(picoToUsd(PRICES.lambdaCompute.picoUsd)).toBe('0.0000133334');
    expect(picoToUsd(PRICES.sms.picoUsd)).toBe('0.08');
    expect(picoToUsd(1_000_000_000_000n)).toBe('1');
  });
});
