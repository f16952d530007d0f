/**
 * What "a function carries only what it needs" means in numbers: compared with a bundle of nothing but
 * the SDK clients it uses (its floor), our own code and other dependencies may add at most this much.
 */
export const TARGETS = {
  maxOverheadBytes: 60 * 1024,
  maxImportRatio: 1.25,
} as const;

/**
 * Dependencies the tracker accepted beyond the overhead target, by package name: their bytes are shown
 * in the overhead but not judged against it.
 */
export const ACCEPTED_DEPENDENCIES: Readonly<Record<string, string>> = {
  stripe: 'the Stripe SDK itself, which only the billing routes bundle',
  // Chosen in the developers' guide (STYLE.md: Powertools' structured logs and EMF metrics), as Stripe
  // is for billing: every function carries them by design, so they are shown but not judged.
  '@aws-lambda-powertools/logger':
    "Powertools Logger, the structured JSON logger the developers' guide chose, as Stripe is for billing",
  '@aws-lambda-powertools/metrics': "Powertools Metrics, the CloudWatch EMF metrics the developers' guide chose",
  '@aws-lambda-powertools/commons': 'Powertools commons, which the chosen Logger and Metrics share',
};

export interface Measurement {
  bundleBytes: number;
  floorBytes: number;
  /** Bytes of ACCEPTED_DEPENDENCIES in the bundle. */
  acceptedBytes: number;
  /** False when the function imports no SDK client: its floor is an empty bundle. */
  floorHasSdk: boolean;
  /** Median over paired runs of import time / floor import time; null if not measured. */
  importRatio: number | null;
  /** Why the function's bundle could not be imported, if it could not. */
  error?: string;
}

export type Status = 'PASS' | 'FAIL' | 'ERROR';

export interface Verdict {
  status: Status;
  /** Bundle − floor, accepted dependencies included. */
  overheadBytes: number;
  /** What the overhead target is checked against: the overhead without accepted dependencies. */
  judgedOverheadBytes: number;
  /** Null where it means nothing (no SDK floor) or was not measured. */
  ratio: number | null;
  failures: string[];
}

export function evaluate(m: Measurement, targets: typeof TARGETS = TARGETS): Verdict {
  const overheadBytes = m.bundleBytes - m.floorBytes;
  const judgedOverheadBytes = overheadBytes - m.acceptedBytes;
  const ratio = m.floorHasSdk ? m.importRatio : null;
  if (m.error !== undefined) {
    return { status: 'ERROR', overheadBytes, judgedOverheadBytes, ratio: null, failures: ['import failed'] };
  }
  const failures: string[] = [];
  if (judgedOverheadBytes > targets.maxOverheadBytes) failures.push('overhead');
  if (ratio !== null && ratio > targets.maxImportRatio) failures.push('import ratio');
  return { status: failures.length > 0 ? 'FAIL' : 'PASS', overheadBytes, judgedOverheadBytes, ratio, failures };
}
