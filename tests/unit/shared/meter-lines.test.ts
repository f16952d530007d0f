/**
 * Where a unit of work's meter line goes by default (metering/capacity.ts): stdout on Lambda, where the
 * log subscription reads it; nowhere elsewhere (tests, scripts), where nothing would read it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyTally, meterWork } from '../../../functions/shared/metering/capacity';

const TENANT = '01JTENANT0000000000000000A';

function written(fn: () => void): string[] {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return chunks;
}

afterEach(() => {
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
});

describe('meter lines', () => {
  it('on Lambda: one JSON line on stdout per unit of work', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'rendezvous-dev-getTenant';
    const lines = written(() => meterWork(TENANT, { ...emptyTally(), read: 1.5, write: 2, measuredCalls: 2 }, 'api', 1_000));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      meter: 'work',
      tenantId: TENANT,
      at: 1_000,
      kind: 'api',
      rru: 1.5,
      wru: 2,
      unmeasured: 0,
    });
  });

  it('outside Lambda, with no sink set: nothing on stdout', () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    expect(written(() => meterWork(TENANT, { ...emptyTally(), write: 1, measuredCalls: 1 }, 'api'))).toEqual([]);
  });
});
