import { describe, expect, it } from 'vitest';
import {
  acceptedNotes,
  type BenchRow,
  featureNotes,
  floorList,
  footnotes,
  formatKb,
  formatSummary,
  MONOLITH_LABEL,
  markdownTable,
  overheadNotes,
  resultsTable,
  TABLE_HEADER,
  tableRow,
} from '../../../bench/lib/report';
import type { ImportStats } from '../../../bench/lib/sampling';
import { evaluate } from '../../../bench/lib/targets';

const stats: ImportStats = {
  function: { median: 45.23, q1: 43, q3: 48.06 },
  floor: { median: 40, q1: 38.5, q3: 41 },
  ratio: { median: 1.13, low: 1.08, high: 1.171, coverage: 0.97 },
  wallRatio: 1.2,
};

function row(overrides: Partial<BenchRow> & Pick<BenchRow, 'bundleBytes' | 'floorBytes'>): BenchRow {
  const r: BenchRow = {
    id: 'getHealth',
    kind: 'function',
    entries: ['functions/http/health/get-health.ts'],
    floorSdk: [{ module: '@aws-sdk/lib-dynamodb', names: ['GetCommand'], namespace: false }],
    floorAccepted: [],
    timingFloorBytes: 0,
    accepted: [{ name: 'stripe', bytes: 0 }],
    features: [],
    import: stats,
    samples: [],
    verdict: evaluate({ bundleBytes: 0, floorBytes: 0, acceptedBytes: 0, featureBytes: 0, floorHasSdk: true, importRatio: null }),
    ...overrides,
  };
  r.verdict = evaluate({
    bundleBytes: r.bundleBytes,
    floorBytes: r.floorBytes,
    acceptedBytes: r.accepted.reduce((sum, dep) => sum + dep.bytes, 0),
    featureBytes: r.features.reduce((sum, f) => sum + f.bytes, 0),
    floorHasSdk: r.floorSdk.length > 0,
    importRatio: r.import?.ratio.median ?? null,
    ...(r.error === undefined ? {} : { error: r.error }),
  });
  return r;
}

describe('formatKb / formatSummary', () => {
  it('uses 1,024-byte KB with one decimal and thousands separators', () => {
    expect(formatKb(1024)).toBe('1.0');
    expect(formatKb(1536)).toBe('1.5');
    expect(formatKb(1_055_000)).toBe('1,030.3');
  });

  it('shows a median with its quartiles, or a dash', () => {
    expect(formatSummary({ median: 45.23, q1: 43, q3: 48.06 })).toBe('45.2 (43.0–48.1)');
    expect(formatSummary(undefined)).toBe('—');
  });
});

describe('tableRow', () => {
  it('shows sizes, times with their spread, the ratio with its interval, and the verdict', () => {
    expect(TABLE_HEADER).toHaveLength(8);
    expect(tableRow(row({ bundleBytes: 400 * 1024, floorBytes: 350 * 1024 }))).toEqual([
      'getHealth',
      '400.0',
      '350.0',
      '50.0',
      '45.2 (43.0–48.1)',
      '40.0 (38.5–41.0)',
      '1.13 (1.08–1.17)',
      'PASS',
    ]);
  });

  it('gives no interval when there are too few blocks for one', () => {
    const few = { ...stats, ratio: { median: 1.126, low: 1.1, high: 1.15, coverage: 0.9375 } };
    expect(tableRow(row({ bundleBytes: 400 * 1024, floorBytes: 350 * 1024, import: few }))[6]).toBe(
      '1.13 (too few runs for a CI)',
    );
  });

  it('names the failed targets', () => {
    const slow = { ...stats, ratio: { ...stats.ratio, median: 1.4 } };
    const cells = tableRow(row({ bundleBytes: 500 * 1024, floorBytes: 350 * 1024, import: slow }));
    expect(cells.at(-1)).toBe('FAIL (overhead, import ratio)');
  });

  it('marks an empty floor and does not give a ratio for it', () => {
    const cells = tableRow(row({ id: 'authorizer', bundleBytes: 30 * 1024, floorBytes: 143, floorSdk: [] }));
    expect(cells).toEqual([
      'authorizer',
      '30.0',
      '0.1 (empty)',
      '29.9',
      '45.2 (43.0–48.1)',
      '40.0 (38.5–41.0)',
      'n/a (no SDK)',
      'PASS',
    ]);
  });

  it('shows an import failure as ERROR without times', () => {
    const cells = tableRow(row({ bundleBytes: 1024, floorBytes: 0, import: null, error: 'boom' }));
    expect(cells.slice(4)).toEqual(['—', '—', '—', 'ERROR']);
  });

  it('labels the monolith as a reference, not a verdict', () => {
    const cells = tableRow(row({ id: 'monolith', kind: 'monolith', bundleBytes: 900 * 1024, floorBytes: 350 * 1024 }));
    expect(cells[0]).toBe(MONOLITH_LABEL);
    expect(cells.at(-1)).toBe('reference');
  });

  it('shows the whole overhead but passes on what is left without an accepted dependency', () => {
    const cells = tableRow(
      row({
        id: 'createCheckoutSession',
        bundleBytes: 650 * 1024,
        floorBytes: 350 * 1024,
        accepted: [{ name: 'stripe', bytes: 250 * 1024 }],
      }),
    );
    expect(cells[3]).toBe('300.0');
    expect(cells.at(-1)).toBe('PASS (stripe accepted)');
  });
});

describe('acceptedNotes', () => {
  it('lists the functions carrying an accepted dependency with its size and the overhead without it', () => {
    const rows = [
      row({ bundleBytes: 400 * 1024, floorBytes: 350 * 1024 }),
      row({
        id: 'receiveStripeEvent',
        bundleBytes: 650 * 1024,
        floorBytes: 350 * 1024,
        accepted: [{ name: 'stripe', bytes: 240 * 1024 }],
      }),
    ];
    const notes = acceptedNotes(rows);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('`stripe`');
    expect(notes[0]).toContain('receiveStripeEvent 240.0 KB');
    expect(notes[0]).not.toContain('getHealth');
    expect(acceptedNotes([rows[0] as BenchRow])).toEqual([]);
  });
});

describe('featureNotes', () => {
  it('lists each required feature with the functions that carry it, then the overhead judged', () => {
    const rows = [
      row({ bundleBytes: 400 * 1024, floorBytes: 350 * 1024 }),
      row({
        id: 'createClient',
        bundleBytes: 425 * 1024,
        floorBytes: 350 * 1024,
        features: [
          { feature: 'field encryption under per-tenant keys', issue: 11, bytes: 6 * 1024 },
          { feature: "an audit entry in each write's transaction", issue: 12, bytes: 0 },
        ],
      }),
    ];
    const notes = featureNotes(rows);
    expect(notes).toEqual([
      '- Required by issue 11, field encryption under per-tenant keys; its modules are shown but not judged (KB): createClient 6.0.',
      '- Overhead judged, without accepted dependencies and required features (KB): getHealth 50.0, createClient 69.0.',
    ]);
    expect(rows[1]?.verdict.failures).toEqual(['overhead']);
    expect(featureNotes([rows[0] as BenchRow])).toEqual([]);
  });
});

describe('floorList', () => {
  it('adds what the import-time floor takes from accepted dependencies', () => {
    const describe = (imports: ReadonlyArray<{ module: string }>) => imports.map((i) => i.module).join('+');
    const rows = [
      row({ bundleBytes: 1, floorBytes: 1 }),
      row({
        id: 'createClient',
        bundleBytes: 1,
        floorBytes: 1,
        floorAccepted: [{ module: 'zod/mini', names: ['object'], namespace: false }],
      }),
    ];
    expect(floorList(rows, describe)).toBe(
      '- getHealth: @aws-sdk/lib-dynamodb\n- createClient: @aws-sdk/lib-dynamodb; import-time floor also: zod/mini',
    );
  });
});

describe('footnotes', () => {
  it('describe the sampling that was actually run', () => {
    const text = footnotes({ runs: 24, warmup: 1, sequential: false, cpus: [0, 1] }).join('\n');
    expect(text).toContain('median and interquartile range of 24 runs');
    expect(text).toContain('function and floor started together, pinned to CPUs 0 and 1; 1 warm-up pair discarded');
    expect(text).toContain('median of the 12 block ratios');
    const other = footnotes({ runs: 9, warmup: 2, sequential: true, cpus: null }).join('\n');
    expect(other).toContain('one after the other, placed by the OS (not pinned); 2 warm-up pairs discarded');
    expect(other).toContain('median of the 4 block ratios');
    expect(other).toContain('swap start order;');
    expect(text).toContain('swap CPUs and start order, so a CPU slowed');
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

describe('overheadNotes', () => {
  it('names what the overhead of each function over the target is made of, small parts summed', () => {
    const over = row({
      id: 'createAppointment',
      bundleBytes: 450 * 1024,
      floorBytes: 360 * 1024,
      overheadParts: [
        { name: 'own code', bytes: 36 * 1024 },
        { name: 'zod', bytes: 17.5 * 1024 },
        { name: 'ulid', bytes: 1000 },
        { name: 'tslib', bytes: 24 },
      ],
    });
    const within = row({ id: 'getTenant', bundleBytes: 400 * 1024, floorBytes: 360 * 1024, overheadParts: [] });
    expect(overheadNotes([over, within])).toEqual([
      '- createAppointment 90.0 KB over its floor: own code 36.0, zod 17.5, other 1.0 (KB).',
    ]);
  });
});
