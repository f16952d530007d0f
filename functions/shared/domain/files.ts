/**
 * Files a salon keeps on S3 (its logo, clients' photos and consent forms): which content types and sizes
 * each purpose admits, where an object lives, and how S3 event sequencers order. Pure rules, no AWS
 * types: the upload route, `complete` and the S3-event reconciler all decide with these.
 */
export const FILE_PURPOSES = ['logo', 'client'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export const FILE_STATUSES = ['pending', 'ready'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

const IMAGES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** The allow-list: a logo is an image; a client file is an image or a PDF (consent forms). */
export const CONTENT_TYPES: Readonly<Record<FilePurpose, ReadonlyArray<string>>> = {
  logo: IMAGES,
  client: [...IMAGES, 'application/pdf'],
};

const MB = 1024 * 1024;

/** Most bytes one file may have, per purpose (the plan's `maxStorage` bounds the sum). */
export const MAX_FILE_BYTES: Readonly<Record<FilePurpose, number>> = { logo: 2 * MB, client: 10 * MB };

/** How long a presigned upload stays valid, and a presigned download. */
export const UPLOAD_EXPIRY_MINUTES = 15;
export const DOWNLOAD_EXPIRY_SECONDS = 300;

export type FileRuleViolation =
  | { reason: 'contentType'; allowed: ReadonlyArray<string> }
  | { reason: 'size'; max: number }
  | { reason: 'clientId'; purpose: FilePurpose };

/** Why an upload request is refused before any URL is issued, or undefined when the rules admit it. */
export function uploadViolation(input: {
  purpose: FilePurpose;
  contentType: string;
  size: number;
  clientId?: string | undefined;
}): FileRuleViolation | undefined {
  const allowed = CONTENT_TYPES[input.purpose];
  if (!allowed.includes(input.contentType.toLowerCase())) return { reason: 'contentType', allowed };
  const max = MAX_FILE_BYTES[input.purpose];
  if (!Number.isInteger(input.size) || input.size < 1 || input.size > max) return { reason: 'size', max };
  // A client file belongs to one client; a logo to nobody but the salon.
  if ((input.purpose === 'client') !== (input.clientId !== undefined)) return { reason: 'clientId', purpose: input.purpose };
  return undefined;
}

export type ObjectMismatch =
  | { reason: 'missing' }
  | { reason: 'size'; declared: number; actual: number }
  | { reason: 'contentType'; declared: string; actual: string | undefined };

/** What `complete` (and the reconciler) finds wrong with the uploaded object, or undefined when it is the one declared. */
export function objectMismatch(
  declared: { size: number; contentType: string },
  head: { size: number; contentType: string | undefined } | undefined,
): ObjectMismatch | undefined {
  if (!head) return { reason: 'missing' };
  if (head.size !== declared.size) return { reason: 'size', declared: declared.size, actual: head.size };
  const actual = head.contentType?.split(';')[0]?.trim().toLowerCase();
  if (actual !== declared.contentType.toLowerCase())
    return { reason: 'contentType', declared: declared.contentType, actual: head.contentType };
  return undefined;
}

/** Where every salon's objects live, each under its own id. */
export const TENANT_OBJECTS_ROOT = 'tenants/';

/** The prefix of a salon's objects (the tenant role may touch nothing else). */
export const tenantObjectPrefix = (tenantId: string): string => `${TENANT_OBJECTS_ROOT}${tenantId}/`;

/** The one key a file's upload may write: `tenants/<tenantId>/files/<fileId>`. */
export const fileObjectKey = (tenantId: string, fileId: string): string => `${tenantObjectPrefix(tenantId)}files/${fileId}`;

const ID = '[0-9A-HJKMNP-TV-Z]{26}';
const OBJECT_KEY = new RegExp(`^tenants/(${ID})/files/(${ID})$`);

/** The salon and file an object key names, or undefined for any other key (the reconciler ignores those). */
export function parseFileObjectKey(key: string): { tenantId: string; fileId: string } | undefined {
  const m = OBJECT_KEY.exec(key);
  return m?.[1] && m[2] ? { tenantId: m[1], fileId: m[2] } : undefined;
}

/**
 * S3 event order for one key: sequencers are hex strings of varying length; AWS says to left-pad the
 * shorter with zeros and compare lexicographically. Positive when `a` happened after `b`.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const [pa, pb] = [a.toUpperCase().padStart(width, '0'), b.toUpperCase().padStart(width, '0')];
  return pa === pb ? 0 : pa > pb ? 1 : -1;
}

/** Whether an event with `sequencer` is news for an item that last applied `applied` (none yet: always). */
export const isNewerEvent = (sequencer: string, applied: string | undefined): boolean =>
  applied === undefined || compareSequencers(sequencer, applied) > 0;

/** A file name as given, reduced to what is safe in a Content-Disposition header. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^\w.\- ]+/g, '_').trim();
  return (cleaned || 'file').slice(0, 120);
}
