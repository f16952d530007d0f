import { describe, expect, it } from 'vitest';
import { DYNAMODB_MODEL, estimateCost, type MonthlyCounts, PRICES, picoToUsd } from '../../../functions/shared/domain/costs';
import { noMeteredCounts } from '../../../functions/shared/entities/usage';

const none: MonthlyCounts = { ...noMeteredCounts(), emailsSent: 0, smsSent: 0, remindersFired: 0, storageBytes: 0 };
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
    // The rate counter: 1 WRU a call at $0.625 / million.
    expect(line(e, 'dynamodbWrites')).toMatchObject({ quantity: 1_000_000, amountMicros: 625_000 });
    expect(e.total.amountMicros).toBe(3_500_000 + 250_000 + 200_000 + 625_000);
    // 457.5 cents, half up.
    expect(e.total.amount).toBe(458);
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
    // Total from exact amounts: 3.5 + 0.25 (2 RRU) + 0.2 (1 request) + 0.625 (1 WRU) = 4.575 -> 5 micro-dollars,
    // not 4 + 0 + 0 + 1.
    expect(one.total.amountMicros).toBe(5);
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
    expect(line(e, 'dynamodbWrites').quantity).toBe(10 * DYNAMODB_MODEL.writesPerCall + 4 * DYNAMODB_MODEL.writesPerWriteCall);
    expect(line(e, 'dynamodbReads').quantity).toBe(6 * DYNAMODB_MODEL.readsPerCall + 4 * DYNAMODB_MODEL.readsPerWriteCall);
  });

  it('refuses negative or non-finite counts', () => {
    expect(() => estimateCost('2026-12', { ...none, apiCalls: -1 }, 512)).toThrow(RangeError);
    expect(() => estimateCost('2026-12', { ...none, integrationMs: Number.NaN }, 512)).toThrow(RangeError);
  });

  it('uses measured units for measured calls and the model for the rest, per call', () => {
    // 10 calls, 4 writing; 8 measured (26.5 RRU, 12 WRU) and 3 DynamoDB calls that reported nothing.
    const c = { ...none, apiCalls: 10, writeCalls: 4, measuredCalls: 8, readUnits: 26.5, writeUnits: 12, unmeasuredDbCalls: 3 };
    const e = estimateCost('2026-12', c, 512);
    // 2 unmeasured calls, of which round(2 x 4 / 10) = 1 writes: modelled as 1 read call and 1 write call.
    const m = DYNAMODB_MODEL;
    expect(line(e, 'dynamodbReads').quantity).toBe(27 + m.readsPerCall + m.readsPerWriteCall); // 26.5 rounds half up
    expect(line(e, 'dynamodbWrites').quantity).toBe(
      12 + 2 * m.writesPerCall + m.writesPerWriteCall + 3 * m.writesPerUnmeasuredCall,
    );
    // Fully measured: no model at all.
    const all = estimateCost('2026-12', { ...c, measuredCalls: 10, unmeasuredDbCalls: 0 }, 512);
    expect(line(all, 'dynamodbReads').quantity).toBe(27);
    expect(line(all, 'dynamodbWrites').quantity).toBe(12);
  });

  it('once jobs are measured, prices their units and time instead of the per-message model', () => {
    const c = {
      ...none,
      emailsSent: 10,
      remindersFired: 2,
      jobRuns: 12,
      jobReadUnits: 30,
      jobWriteUnits: 50,
      jobMbMs: 1_024_000 * 100,
    };
    const e = estimateCost('2026-12', c, 512);
    expect(line(e, 'dynamodbReads').quantity).toBe(30);
    expect(line(e, 'dynamodbWrites').quantity).toBe(50);
    // 1,024,000 MB x ms = 1 GB-s: 100 GB-s x $0.0000133334 = 1,333.34 micro-dollars.
    expect(line(e, 'lambdaCompute')).toMatchObject({ quantity: 100, amountMicros: 1_333 });
    // Without job measurements the same month falls back to the model.
    const modelled = estimateCost('2026-12', { ...c, jobRuns: 0, jobReadUnits: 0, jobWriteUnits: 0 }, 512);
    expect(line(modelled, 'dynamodbWrites').quantity).toBe(
      10 * DYNAMODB_MODEL.writesPerMessage + 2 * DYNAMODB_MODEL.writesPerReminder,
    );
  });

  it('prices stored bytes as GB-months of S3 Standard, exactly', () => {
    // 1 GiB = $0.023 = 23,000 micro-dollars, 2 cents (2.3 rounds down).
    const gib = estimateCost('2026-12', { ...none, storageBytes: 1_073_741_824 }, 512);
    expect(line(gib, 's3Storage')).toMatchObject({ quantity: 1, amountMicros: 23_000, amount: 2, unit: 'GB-month' });
    expect(gib.total.amountMicros).toBe(23_000);
    // 5 MB: 5,242,880 / 2^30 GB x $0.023 = $0.00011230... -> 112 micro-dollars; the total keeps the exact sum.
    const small = estimateCost('2026-12', { ...none, storageBytes: 5_242_880, apiCalls: 1 }, 512);
    expect(line(small, 's3Storage').amountMicros).toBe(112);
    // 112.304... + 3.5 + 0.25 + 0.2 + 0.625 = 116.88 -> 117.
    expect(small.total.amountMicros).toBe(117);
  });

  it('writes unit prices as exact decimals', () => {
    expect(picoToUsd(PRICES.lambdaCompute.picoUsd)).toBe('0.0000133334');
    expect(picoToUsd(PRICES.sms.picoUsd)).toBe('0.08');
    expect(picoToUsd(1_000_000_000_000n)).toBe('1');
  });
});
