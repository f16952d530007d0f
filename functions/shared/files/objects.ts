/**
 * A salon's objects in the app bucket, reached with its tenant role's credentials (token vending, as
 * for DynamoDB): HeadObject, DeleteObject and the presigned upload and download, all under
 * `tenants/<tenantId>/`. One S3 client per salon per container, few enough (the tenant clients' bound).
 * Storage calls and presigned links are two objects, so a route that never signs a link (erasure, the
 * reconciler) does not bundle the signer.
 */
import { DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { awsConfig, filesConfig } from '../config';
import { perTenantClients, tenantCredentials } from '../db/tenant-client';
import type { TenantContext } from '../domain/tenant-context';
import { type PresignedPost, type SigningCredentials, presignGet, presignPost } from './presign';

export interface ObjectHead {
  size: number;
  contentType: string | undefined;
}

export interface TenantObjects {
  head(key: string): Promise<ObjectHead | undefined>;
  remove(key: string): Promise<void>;
  /** One page of keys under `prefix` after `startAfter` (salon exports list their objects). */
  list(prefix: string, options: { startAfter?: string; maxKeys: number }): Promise<{ keys: string[]; truncated: boolean }>;
}

export interface TenantLinks {
  uploadForm(upload: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<PresignedPost>;
  downloadUrl(object: { key: string; expiresInSeconds: number; fileName: string }): Promise<string>;
}

/** The same client options for every S3 client of the app (the reconciler's too). */
export function s3Options() {
  const { s3Endpoint } = filesConfig();
  return {
    region: awsConfig().region,
    ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
    // Local S3 stores a streamed body with the default checksums corrupted; also right for AWS.
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
}

const s3ForTenant = perTenantClients((tenantId) => {
  // Local S3 knows one account only (it refuses any other access key, STS's included), so locally the
  // process's own credentials are used: the prefix rule is IAM's, on AWS (docs/files.md).
  const local = filesConfig().s3Endpoint !== undefined;
  return new S3Client({ ...s3Options(), ...(local ? {} : { credentials: tenantCredentials(tenantId) }) });
});

const s3For = (ctx: Pick<TenantContext, 'tenantId'>): S3Client => s3ForTenant(ctx.tenantId);

export const isNotFound = (err: unknown): boolean =>
  err instanceof S3ServiceException &&
  (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey');

/** HeadObject, DeleteObject and ListObjectsV2 on one client: also used by the reconciler with its own client. */
export function objectsOn(s3: S3Client): TenantObjects {
  const { bucketName } = filesConfig();
  return {
    async head(key) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket: bucketName, Key: key }));
        return { size: out.ContentLength ?? 0, contentType: out.ContentType };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async remove(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucketName, Key: key }));
    },
    async list(prefix, options) {
      const out = await s3.send(
        new ListObjectsV2Command({
          Bucket: bucketName,
          Prefix: prefix,
          MaxKeys: options.maxKeys,
          ...(options.startAfter ? { StartAfter: options.startAfter } : {}),
        }),
      );
      return { keys: (out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])), truncated: out.IsTruncated === true };
    },
  };
}

/**
 * Presigned upload forms and download URLs. `signer` gives credentials that outlive a URL of the
 * lifetime asked (a presigned URL dies with the session that signed it); without it, the client's own.
 */
export function linksOn(s3: S3Client, signer?: (lifetimeSeconds: number) => Promise<SigningCredentials>): TenantLinks {
  const { bucketName, s3Endpoint } = filesConfig();
  const address = { bucket: bucketName, region: awsConfig().region, endpoint: s3Endpoint };
  const signing = (lifetimeSeconds: number) => (signer ? signer(lifetimeSeconds) : s3.config.credentials());
  return {
    async uploadForm(upload) {
      return presignPost(address, await signing(upload.expiresInSeconds), upload);
    },
    async downloadUrl(object) {
      return presignGet(address, await signing(object.expiresInSeconds), {
        key: object.key,
        expiresInSeconds: object.expiresInSeconds,
        query: { 'response-content-disposition': `inline; filename="${object.fileName}"` },
      });
    },
  };
}

export const tenantObjects = (ctx: Pick<TenantContext, 'tenantId'>): TenantObjects => objectsOn(s3For(ctx));

export const tenantLinks = (ctx: Pick<TenantContext, 'tenantId'>): TenantLinks =>
  linksOn(
    s3For(ctx),
    filesConfig().s3Endpoint !== undefined
      ? undefined
      : (lifetimeSeconds) => tenantCredentials(ctx.tenantId, (lifetimeSeconds + 60) * 1000)(),
  );
