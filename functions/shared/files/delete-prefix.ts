/**
 * Deleting everything under a key prefix of the app bucket (the purge of a salon's `tenants/<id>/`).
 * Each round lists the first 1,000 keys left (versions and delete markers too when the bucket is
 * versioned: deleting only the current objects would leave every byte behind a delete marker) and
 * deletes them in one DeleteObjects call. Listing from the start every round needs no continuation
 * token, so a run that stops half way, or two runs at once, just find less to delete.
 */
import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';

/** DeleteObjects' and the list calls' limit. */
export const S3_BATCH = 1000;

async function firstKeys(s3: S3Client, bucket: string, prefix: string, versioned: boolean): Promise<ObjectIdentifier[]> {
  if (!versioned) {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: S3_BATCH }));
    return (out.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
  }
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, MaxKeys: S3_BATCH }));
  return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].flatMap((v) =>
    v.Key ? [{ Key: v.Key, ...(v.VersionId ? { VersionId: v.VersionId } : {}) }] : [],
  );
}

/** Deletes every object (and version) under `prefix`; answers how many objects or versions it deleted. */
export async function deletePrefix(s3: S3Client, bucket: string, prefix: string, versioned: boolean): Promise<number> {
  if (!prefix.endsWith('/') || prefix.length < 2) throw new Error('deletePrefix needs a folder prefix');
  let deleted = 0;
  for (;;) {
    const objects = await firstKeys(s3, bucket, prefix, versioned);
    if (objects.length === 0) return deleted;
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    // Quiet mode answers only the failures: one is enough to stop (the next run retries), never to loop.
    if (out.Errors?.length) {
      const first = out.Errors[0];
      throw new Error(`DeleteObjects failed for ${out.Errors.length} of ${objects.length} keys (${first?.Code ?? 'unknown'})`);
    }
    deleted += objects.length;
  }
}
