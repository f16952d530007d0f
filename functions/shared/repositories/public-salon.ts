/**
 * The salon behind a public booking URL, and the per-IP request budget of the public write routes.
 * Slug -> tenant id is read from the slug item and cached per container: a slug never moves to another
 * salon while that salon exists (slugs are not editable and are released only by the purge, weeks after
 * deletion), and whether the salon is live is re-read on every request with its catalog.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { publicBookingConfig } from '../config';
import { documentClient, tableName } from '../db/client';
import { isConditionFailure } from '../db/conditions';
import { slugKey, tenantMetaKey } from '../db/keys';
import { publicWriteCounted } from '../entities/public-rate';
import { tenantDbForSlugOwner } from '../db/tenant-client';
import { TABLE } from '../db/table';
import { isSuspended } from '../domain/subscription';
import type { PublicSalon } from '../domain/public-salon';
import { parseFileObjectKey } from '../domain/files';
import { type StoredFile, fileKey, toFile } from '../entities/file';
import { isDeleted, salonLogoKey, salonStatus, slugTenant, toPublicSalon } from '../entities/salon';
import type { TenantLinks } from '../files/objects';
import { NotFoundError, RateLimitError } from '../errors';
import { sha256Hex } from '../hash';
import type { Item } from './tenant-items';
import type { TenantScope } from './scope';

const SLUG_CACHE_MS = 5 * 60_000;
const SLUG_CACHE_SIZE = 500;
const slugs = new Map<string, { tenantId: string; at: number }>();

/** One Get, or none when cached. Unknown slug -> 404. */
export async function publicScope(slug: string, now = Date.now()): Promise<TenantScope> {
  const cached = slugs.get(slug);
  if (cached && now - cached.at < SLUG_CACHE_MS) {
    return { tenantId: cached.tenantId, db: tenantDbForSlugOwner({ tenantId: cached.tenantId, entity: 'slug' }) };
  }
  // The function's own role may read `SLUG#` items and nothing else; the salon's data comes through its tenant role.
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: slugKey(slug) }));
  const tenantId = slugTenant(out.Item);
  if (tenantId === undefined) throw new NotFoundError();
  slugs.delete(slug);
  slugs.set(slug, { tenantId, at: now });
  if (slugs.size > SLUG_CACHE_SIZE) {
    const [oldest] = slugs.keys();
    if (oldest !== undefined) slugs.delete(oldest);
  }
  return { tenantId, db: tenantDbForSlugOwner({ tenantId, entity: 'slug' }) };
}

/** A deleted or suspended salon takes no bookings and shows nothing publicly: the same 404 as no salon. */
export function assertPublic(salon: Item): void {
  if (isDeleted(salon) || isSuspended(salonStatus(salon))) throw new NotFoundError();
}

const WINDOW_SECONDS = 600;

/**
 * Fixed-window counter, one conditional Update: over the budget -> 429. The IP is the one API Gateway
 * saw (`requestContext.identity.sourceIp`), never a forwarded header a client can write; it is stored
 * hashed and expires with its window.
 */
export async function consumePublicWrite(sourceIp: string, now = Date.now()): Promise<void> {
  const requests = publicBookingConfig().writesPer10Minutes;
  const windowSeconds = WINDOW_SECONDS;
  const window = Math.floor(now / 1000 / windowSeconds);
  const ipHash = sha256Hex(sourceIp);
  try {
    await documentClient().send(new UpdateCommand(publicWriteCounted(tableName(), ipHash, window, windowSeconds, requests)));
  } catch (err) {
    if (isConditionFailure(err)) {
      const retryAfter = (window + 1) * windowSeconds - Math.floor(now / 1000);
      throw new RateLimitError('Too many booking requests from your address; retry in a few minutes.', retryAfter);
    }
    throw err;
  }
}

/** For tests: forget cached slugs. */
export function clearSlugCache(): void {
  slugs.clear();
}

/** The branding logo's file if it is still a ready logo of this salon (one Get), else undefined. */
async function readyLogoOf(scope: TenantScope, salon: Item): Promise<StoredFile | undefined> {
  const key = salonLogoKey(salon);
  const named = key === undefined ? undefined : parseFileObjectKey(key);
  if (!named || named.tenantId !== scope.tenantId) return undefined;
  const out = await scope.db.send(new GetCommand({ TableName: tableName(), Key: fileKey(scope.tenantId, named.fileId) }));
  if (out.Item?.[TABLE.entityAttribute] !== 'file') return undefined;
  const file = toFile(out.Item);
  return file.purpose === 'logo' && file.status === 'ready' ? file : undefined;
}

const liveSalon = async (scope: TenantScope): Promise<Item> => {
  const out = await scope.db.send(new GetCommand({ TableName: tableName(), Key: tenantMetaKey(scope.tenantId) }));
  if (!out.Item) throw new NotFoundError();
  assertPublic(out.Item);
  return out.Item;
};

/** Where the booking page finds the logo: the public logo route, relative to the API's base URL. */
export const publicLogoPath = (slug: string) => `/v1/public/${encodeURIComponent(slug)}/logo`;

/**
 * The salon's public profile: one Get of the salon item, through the salon's tenant role, and with a
 * branding logo one Get of its file (a logo deleted since it was chosen is not offered).
 */
export async function publicSalonProfile(scope: TenantScope): Promise<PublicSalon> {
  const salon = await liveSalon(scope);
  const profile = toPublicSalon(salon);
  const logo = await readyLogoOf(scope, salon);
  return logo ? { ...profile, branding: { ...profile.branding, logoUrl: publicLogoPath(profile.slug) } } : profile;
}

/** Presigned GETs of the logo live this long; caches must drop the redirect well before (PUBLIC_LOGO_CACHE_SECONDS). */
export const PUBLIC_LOGO_URL_SECONDS = 600;
export const PUBLIC_LOGO_CACHE_SECONDS = 300;

/**
 * A short-lived download URL of the salon's ready logo; 404 without one (or for a salon not public).
 * `links` is the caller's (files/objects.ts): importing it here would put the S3 client in every
 * public function's bundle, online booking's included.
 */
export async function publicLogoUrl(scope: TenantScope, links: TenantLinks): Promise<string> {
  const logo = await readyLogoOf(scope, await liveSalon(scope));
  if (!logo) throw new NotFoundError('This salon has no logo.');
  return links.downloadUrl({ key: logo.objectKey, expiresInSeconds: PUBLIC_LOGO_URL_SECONDS, fileName: logo.fileName });
}
