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
  // Accepted on the same ground as Powertools (decided in issue 9): the guide chose zod (mini), and its
  // schemas are both what the handlers validate with and what docs/openapi.json is generated from. A
  // lighter runtime validator would mean a second copy of every schema, which the issue rules out.
  zod: "zod (mini), the validator the developers' guide chose, whose schemas the handlers validate with and the OpenAPI document is generated from",
};

/**
 * The features later issues required inside the writes and reads they touch, added after these targets
 * were set with the first bundle benchmark (2026-11-27, when no function carried any of them): their
 * modules' bytes are shown in the overhead but not judged against it, so the target still measures the
 * platform and booking code it was sized for. Paths are exact source files; a function only carries
 * (and is only allowed) what its bundle really holds of them.
 */
export const REQUIRED_FEATURES: ReadonlyArray<{ feature: string; issue: number; modules: readonly string[] }> = [
  {
    feature: 'field encryption under per-tenant keys',
    issue: 11,
    modules: [
      'functions/shared/crypto/fields.ts',
      'functions/shared/crypto/keyring.ts',
      'functions/shared/crypto/reencryption.ts',
      'functions/shared/crypto/rotation.ts',
      'functions/shared/crypto/subject-keys.ts',
      'functions/shared/entities/tenant-key.ts',
    ],
  },
  {
    feature: "an audit entry in each write's transaction",
    issue: 12,
    modules: ['functions/shared/domain/audit.ts', 'functions/shared/entities/audit.ts'],
  },
  {
    feature: 'rate limits, analytics counters, metrics and cost per tenant',
    issue: 13,
    modules: [
      'functions/shared/repositories/request-rate.ts',
      'functions/shared/domain/analytics.ts',
      'functions/shared/entities/daily-stats.ts',
      'functions/shared/metrics.ts',
      'functions/shared/metric-names.ts',
      'functions/shared/metering/capacity.ts',
      'functions/shared/metering/api-calls.ts',
    ],
  },
];

export interface Measurement {
  bundleBytes: number;
  floorBytes: number;
  /** Bytes of ACCEPTED_DEPENDENCIES in the bundle. */
  acceptedBytes: number;
  /** Bytes of REQUIRED_FEATURES' modules in the bundle. */
  featureBytes: number;
  /** False when the function imports no SDK client: its floor is an empty bundle. */
  floorHasSdk: boolean;
  /**
   * Median over paired runs of import time / floor import time, where the floor also imports what the
   * function takes from ACCEPTED_DEPENDENCIES (their import is not judged, as their bytes are not);
   * null if not measured.
   */
  importRatio: number | null;
  /** Why the function's bundle could not be imported, if it could not. */
  error?: string;
}

export type Status = 'PASS' | 'FAIL' | 'ERROR';

export interface Verdict {
  status: Status;
  /** Bundle − floor, accepted dependencies included. */
  overheadBytes: number;
  /** What the overhead target is checked against: the overhead without accepted dependencies and required features. */
  judgedOverheadBytes: number;
  /** Null where it means nothing (no SDK floor) or was not measured. */
  ratio: number | null;
  failures: string[];
}

export function evaluate(m: Measurement, targets: typeof TARGETS = TARGETS): Verdict {
  const overheadBytes = m.bundleBytes - m.floorBytes;
  const judgedOverheadBytes = overheadBytes - m.acceptedBytes - m.featureBytes;
  const ratio = m.floorHasSdk ? m.importRatio : null;
  if (m.error !== undefined) {
    return { status: 'ERROR', overheadBytes, judgedOverheadBytes, ratio: null, failures: ['import failed'] };
  }
  const failures: string[] = [];
  if (judgedOverheadBytes > targets.maxOverheadBytes) failures.push('overhead');
  if (ratio !== null && ratio > targets.maxImportRatio) failures.push('import ratio');
  return { status: failures.length > 0 ? 'FAIL' : 'PASS', overheadBytes, judgedOverheadBytes, ratio, failures };
}
