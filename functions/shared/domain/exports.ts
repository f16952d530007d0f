/**
 * Salon export (portability), the pure half: which items an export holds and which it leaves out (and
 * why), how a part is encoded (NDJSON, gzipped), the manifest, and the export's lifetime. The job that
 * reads and writes is functions/shared/exports/job.ts; docs/exports.md describes the format.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { EXPORT_LOCK_SK, EXPORT_PREFIX, SALON_SK } from '../db/keys';

export const EXPORT_STATUSES = ['pending', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** What the manifest's `format` and `formatVersion` say; a change of shape bumps the version. */
export const EXPORT_FORMAT = 'rendezvous-salon-export';
export const EXPORT_FORMAT_VERSION = 1;

/** The tag every export object carries: the bucket's lifecycle rule for exports filters on it. */
export const EXPORT_OBJECT_TAG_KEY = 'rendezvous-export';

/** How long a ready export can be downloaded; the bucket's lifecycle rule deletes its objects after. */
export const EXPORT_AVAILABLE_HOURS = 24;
/** Lifetime of one presigned link: signed afresh on each GET, well within the tenant session. */
export const EXPORT_LINK_SECONDS = 900;
/** Items per part (one Query page); a part is written, then checkpointed. */
export const EXPORT_PART_SIZE = 1000;
/**
 * A running export holds the salon's export slot this long after its last checkpoint: a run that
 * crashed frees it for a new export once its stream retries are spent (lambda: 15 min per run).
 */
export const EXPORT_LOCK_MINUTES = 30;
/** The export item itself stays listable this long (its objects are gone after a day). */
export const EXPORT_ITEM_DAYS = 30;

/** Where a section's items live: the salon's partition or its audit partition. */
export type SectionPartition = 'tenant' | 'audit';

/** How a section's records are decrypted and cleaned (functions/shared/exports/records.ts). */
export type SectionCodec =
  | 'salon'
  | 'service'
  | 'staff'
  | 'member'
  | 'invitation'
  | 'client'
  | 'appointment'
  | 'file'
  | 'message'
  | 'counter'
  | 'audit';

export interface ExportSection {
  /** The entity's name: the folder of its parts and its key in the manifest. */
  readonly name: string;
  readonly partition: SectionPartition;
  /** Items whose sort key starts with this (or, with `exact`, equals it); '' with `audit`: all of them. */
  readonly sortKey: string;
  readonly exact?: true;
  readonly codec: SectionCodec;
  /** A smaller page than the export's part size, for sections whose parts carry more work (file copies). */
  readonly maxPageSize?: number;
}

/**
 * Exported, in this order (an allowlist: an item type nobody classified is not exported, and the
 * catalog test fails for it). Each section is one key range, read in Query pages.
 */
export const EXPORT_SECTIONS: ReadonlyArray<ExportSection> = [
  { name: 'salon', partition: 'tenant', sortKey: SALON_SK, exact: true, codec: 'salon' },
  { name: 'services', partition: 'tenant', sortKey: 'SALON#SERVICE#', codec: 'service' },
  { name: 'staff', partition: 'tenant', sortKey: 'SALON#STAFF#', codec: 'staff' },
  { name: 'members', partition: 'tenant', sortKey: 'MEMBER#', codec: 'member' },
  { name: 'invitations', partition: 'tenant', sortKey: 'INVITE#', codec: 'invitation' },
  { name: 'clients', partition: 'tenant', sortKey: 'CLIENT#', codec: 'client' },
  { name: 'appointments', partition: 'tenant', sortKey: 'APPT#', codec: 'appointment' },
  // Up to 25 file objects (10 MB each at most) copied per part, so a part fits well within a run's margin.
  { name: 'files', partition: 'tenant', sortKey: 'FILE#', codec: 'file', maxPageSize: 25 },
  { name: 'messages', partition: 'tenant', sortKey: 'OUTBOX#', codec: 'message' },
  { name: 'usage', partition: 'tenant', sortKey: 'USAGE', exact: true, codec: 'counter' },
  { name: 'monthlyUsage', partition: 'tenant', sortKey: 'USAGE#', codec: 'counter' },
  { name: 'smsUsage', partition: 'tenant', sortKey: 'SMS#', codec: 'counter' },
  { name: 'dailyStats', partition: 'tenant', sortKey: 'STATS#', codec: 'counter' },
  { name: 'auditLog', partition: 'audit', sortKey: '', codec: 'audit' },
];

/** Items of the salon's partition an export leaves out, and why (docs/exports.md prints this). */
export const EXCLUDED_ITEMS: ReadonlyArray<{ readonly sortKey: string; readonly what: string; readonly why: string }> = [
  { sortKey: 'KEY#v', what: 'wrapped data keys', why: 'key material: the export is decrypted, the keys stay with the platform' },
  { sortKey: 'IDEMPOTENCY#', what: 'idempotency records', why: 'stored answers of retried requests, kept 24 h; internal' },
  { sortKey: 'CLIENTEMAIL#', what: 'client email locks', why: 'blind-index uniqueness items, derived from the clients' },
  { sortKey: 'BOOKER#', what: 'online booker index', why: 'blind-index lookup items, derived from the clients' },
  { sortKey: 'INVITE_EMAIL#', what: 'invitation email locks', why: 'uniqueness items, derived from the invitations' },
  { sortKey: 'STAFF_USER#', what: 'staff-member links', why: 'uniqueness items, derived from the staff records' },
  { sortKey: 'DAY#', what: 'staff days', why: "slot claims, derived from the appointments (the booking engine's locks)" },
  { sortKey: 'HOLDS#', what: 'pending holds per day', why: 'derived from the pending online bookings' },
  { sortKey: 'REMINDER#', what: 'reminders sent', why: 'deduplication markers of the reminder sender' },
  { sortKey: EXPORT_PREFIX, what: 'exports', why: 'the exports themselves (their status and checkpoints)' },
  { sortKey: EXPORT_LOCK_SK, what: 'export slot', why: 'the one-running-export lock' },
  {
    sortKey: 'SUBJECTKEY#',
    what: "clients' subject keys",
    why: "key material: the audit log's values sealed under them are exported as redacted",
  },
  { sortKey: 'ERASURE#', what: 'client erasures', why: 'the state of erasures in progress (ids only); internal' },
  { sortKey: 'KEYJOB', what: 're-encryption job', why: "the progress of the last key rotation's re-encryption; internal" },
];

/** Outbox fields never exported: rendered message data may hold one-time links (manage, confirm, unsubscribe tokens). */
export const MESSAGE_OMITTED_FIELDS = ['data', 'blankAfterSend'] as const;

/** Key and index attributes: storage layout, not the salon's data. */
export const LAYOUT_ATTRIBUTES = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'entity',
] as const;

export type Classification = { kind: 'exported'; section: ExportSection } | { kind: 'excluded' } | { kind: 'unknown' };

const matches = (sortKey: string, rule: { sortKey: string; exact?: true }) =>
  rule.exact ? sortKey === rule.sortKey : sortKey.startsWith(rule.sortKey);

/**
 * What becomes of an item of the salon's partition, by its sort key. The longest rule wins, so
 * `SALON#SERVICE#...` is a service, not the salon, and `CLIENTEMAIL#` is not a client.
 */
export function classifyTenantItem(sortKey: string): Classification {
  const candidates: Array<{ rule: { sortKey: string; exact?: true }; section: ExportSection | undefined }> = [
    ...EXPORT_SECTIONS.filter((s) => s.partition === 'tenant').map((s) => ({ rule: s, section: s })),
    ...EXCLUDED_ITEMS.map((e) => ({ rule: { sortKey: e.sortKey }, section: undefined })),
  ];
  const rules = candidates
    .filter(({ rule }) => matches(sortKey, rule))
    .sort((a, b) => b.rule.sortKey.length - a.rule.sortKey.length);
  const best = rules[0];
  if (!best) return { kind: 'unknown' };
  return best.section ? { kind: 'exported', section: best.section } : { kind: 'excluded' };
}

/** A section's parts, `data/<section>/part-00001.ndjson.gz`, relative to the export's folder. */
export const partName = (section: string, part: number): string =>
  `data/${section}/part-${String(part).padStart(5, '0')}.ndjson.gz`;

/** A copied file object, relative to the export's folder. */
export const fileObjectName = (fileId: string, fileName: string): string => `files/${fileId}/${fileName}`;

export const MANIFEST_NAME = 'manifest.json';

/** The export's folder in the bucket. */
export const exportPrefix = (tenantId: string, exportId: string): string => `tenants/${tenantId}/exports/${exportId}/`;

/** Keys in canonical (sorted) order, so equal records encode to equal bytes whatever order DynamoDB returned. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Set) return [...value].map(canonical).sort();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries: Array<[string, unknown]> = Object.entries(value);
    for (const [key, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** One JSON object per line, each ending in `\n` (an empty part is empty). */
export function encodeNdjson(records: ReadonlyArray<unknown>): string {
  return records.map((r) => `${JSON.stringify(canonical(r))}\n`).join('');
}

export function decodeNdjson(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line): unknown => JSON.parse(line));
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface EncodedPart {
  body: Buffer;
  records: number;
  bytes: number;
  sha256: string;
}

/** A part as stored: NDJSON gzipped (deterministic: the same records give the same bytes and hash). */
export function encodePart(records: ReadonlyArray<unknown>): EncodedPart {
  const body = gzipSync(Buffer.from(encodeNdjson(records), 'utf8'));
  return { body, records: records.length, bytes: body.length, sha256: sha256Hex(body) };
}

/** A finished part, as checkpointed in the export item and listed in the manifest. */
export interface PartEntry {
  section: string;
  /** Relative to the export's folder. */
  name: string;
  records: number;
  bytes: number;
  sha256: string;
}

/** Where an interrupted run resumes: the section, the Query's next start key, the parts done. */
export interface Checkpoint {
  section: number;
  cursor?: Record<string, unknown>;
  part: number;
  parts: PartEntry[];
  /** Bytes of the file objects copied so far. */
  fileBytes?: number;
}

export const START: Checkpoint = { section: 0, part: 1, parts: [] };

export interface Manifest {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  exportId: string;
  tenantId: string;
  createdAt: string;
  completedAt: string;
  entities: Record<string, { records: number; bytes: number; parts: Array<Omit<PartEntry, 'section'>> }>;
  /** Copied file objects: counted here, each listed with its size and sha256 in the `fileObjects` parts. */
  files: { count: number; bytes: number };
  excluded: Array<{ what: string; why: string }>;
}

/** The manifest of the finished parts: every section appears, with zero records when the salon has none. */
export function buildManifest(
  meta: { exportId: string; tenantId: string; createdAt: string; completedAt: string },
  parts: ReadonlyArray<PartEntry>,
  files: { count: number; bytes: number },
): Manifest {
  const entities: Manifest['entities'] = {};
  for (const name of [...EXPORT_SECTIONS.map((s) => s.name), FILE_OBJECTS_SECTION])
    entities[name] = { records: 0, bytes: 0, parts: [] };
  for (const { section, ...part } of parts) {
    const entry = entities[section];
    if (!entry) throw new Error(`A part of an unknown section: ${section}`);
    entry.records += part.records;
    entry.bytes += part.bytes;
    entry.parts.push(part);
  }
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    ...meta,
    entities,
    files,
    excluded: [
      ...EXCLUDED_ITEMS.map(({ what, why }) => ({ what, why })),
      { what: 'request counters', why: 'the TENANT#<id>#RATE partition: per-minute rate limiting, internal' },
    ],
  };
}

/** The parts that list the copied file objects (fileId, object name, bytes, sha256): one per page of files. */
export const FILE_OBJECTS_SECTION = 'fileObjects';

/** What a reader of the export sees of its status: a ready export past its day is `expired`. */
export function effectiveStatus(status: ExportStatus, availableUntil: string | undefined, now = Date.now()): ExportStatus {
  if (status === 'ready' && availableUntil !== undefined && Date.parse(availableUntil) <= now) return 'expired';
  return status;
}

/** Record counts per section from the finished parts. */
export function countsOf(parts: ReadonlyArray<PartEntry>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of parts) counts[p.section] = (counts[p.section] ?? 0) + p.records;
  return counts;
}
