import { describe, expect, it } from 'vitest';
import { type BenchRow, formatKb, MONOLITH_LABEL, markdownTable, resultsTable, tableRow } from '../../../bench/lib/report';
import { evaluate } from '../../../bench/lib/targets';

function row(overrides: Partial<BenchRow> & Pick<BenchRow, 'bundleBytes' | 'floorBytes'>): BenchRow {
  const r: BenchRow = {
    id: 'getHealth',
    kind: 'function',
    entries: ['functions/http/health/get-health.ts'],
    floorSdk: [{ module: '@aws-sdk/lib-dynamodb', names: ['GetCommand'], namespace: false }],
    importMs: 45.23,
    floorImportMs: 40,
    samples: { function: [], floor: [] },
    verdict: evaluate({ bundleBytes: 0, floorBytes: 0, floorHasSdk: true, importMs: null, floorImportMs: null }),
    ...overrides,
  };
  r.verdict = evaluate({
    bundleBytes: r.bundleBytes,
    floorBytes: r.floorBytes,
    floorHasSdk: r.floorSdk.length > 0,
    importMs: r.importMs,
    floorImportMs: r.floorImportMs,
    ...(r.error === undefined ? {} : { error: r.error }),
  });
  return r;
}

describe('formatKb', () => {
  it('uses 1,024-byte KB with one decimal and thousands separators', () => {
    expect(formatKb(1024)).toBe('1.0');
    expect(formatKb(1536)).toBe('1.5');
    expect(formatKb(1_055_000)).toBe('1,030.3');
  });
});

describe('tableRow', () => {
  it('shows sizes, times, the ratio and the verdict', () => {
    expect(tableRow(row({ bundleBytes: 400 * 1024, floorBytes: 350 * 1024 }))).toEqual([
      'getHealth',
      '400.0',
      '350.0',
      '50.0',
      '45.2',
      '40.0',
      '1.13',
      'PASS',
    ]);
  });

  it('names the failed targets', () => {
    const cells = tableRow(row({ bundleBytes: 500 * 1024, floorBytes: 350 * 1024, importMs: 60 }));
    expect(cells.at(-1)).toBe('FAIL (overhead, import ratio)');
  });

  it('marks an empty floor and does not give a ratio for it', () => {
    const cells = tableRow(row({ id: 'authorizer', bundleBytes: 30 * 1024, floorBytes: 143, floorSdk: [], floorImportMs: 0.5 }));
    expect(cells).toEqual(['authorizer', '30.0', '0.1 (empty)', '29.9', '45.2', '0.5', 'n/a (no SDK)', 'PASS']);
  });

  it('shows an import failure as ERROR without times', () => {
    const cells = tableRow(row({ bundleBytes: 1024, floorBytes: 0, importMs: null, floorImportMs: null, error: 'boom' }));
    expect(cells.slice(4)).toEqual(['—', '—', '—', 'ERROR']);
  });

  it('labels the monolith as a reference, not a verdict', () => {
    const cells = tableRow(row({ id: 'monolith', kind: 'monolith', bundleBytes: 900 * 1024, floorBytes: 350 * 1024 }));
    expect(cells[0]).toBe(MONOLITH_LABEL);
    expect(cells.at(-1)).toBe('reference');
  });
});

describe('markdownTable', () => {
  it('pads columns and right-aligns the numeric ones', () => {
    expect(
      markdownTable(
        ['Name', 'KB'],
        [
          ['a', '1.0'],
          ['long name', '123.4'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['| Name      |    KB |', '|-----------|------:|', '| a         |   1.0 |', '| long name | 123.4 |'].join('\n'));
  });

  it('gives every line of the results table the same width', () => {
    const lines = resultsTable([row({ bundleBytes: 400 * 1024, floorBytes: 350 * 1024 })]).split('\n');
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
