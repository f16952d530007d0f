/**
 * What "a function carries only what it needs" means in numbers: compared with a bundle of nothing but
 * the SDK clients it uses (its floor), our own code and other dependencies may add at most this much.
 */
export const TARGETS = {
  maxOverheadBytes: 60 * 1024,
  maxImportRatio: 1.25,
} as const;

export interface Measurement {
  bundleBytes: number;
  floorBytes: number;
  /** False when the function imports no SDK client: its floor is an empty bundle. */
  floorHasSdk: boolean;
  importMs: number | null;
  floorImportMs: number | null;
  /** Why the function's bundle could not be imported, if it could not. */
  error?: string;
}

export type Status = 'PASS' | 'FAIL' | 'ERROR';

export interface Verdict {
  status: Status;
  overheadBytes: number;
  /** Import time over floor import time; null where it means nothing (no SDK floor) or was not measured. */
  ratio: number | null;
  failures: string[];
}

export function evaluate(m: Measurement, targets: typeof TARGETS = TARGETS): Verdict {
  const overheadBytes = m.bundleBytes - m.floorBytes;
  const ratio =
    m.floorHasSdk && m.importMs !== null && m.floorImportMs !== null && m.floorImportMs > 0 ? m.importMs / m.floorImportMs : null;
  if (m.error !== undefined) return { status: 'ERROR', overheadBytes, ratio: null, failures: ['import failed'] };
  const failures: string[] = [];
  if (overheadBytes > targets.maxOverheadBytes) failures.push('overhead');
  if (ratio !== null && ratio > targets.maxImportRatio) failures.push('import ratio');
  return { status: failures.length > 0 ? 'FAIL' : 'PASS', overheadBytes, ratio, failures };
}
