/**
 * AWS Signature V4 for the two URLs a browser uses: an S3 POST policy (the upload) and a presigned GET
 * (the download). Written with node:crypto because neither @aws-sdk/s3-presigned-post nor
 * @aws-sdk/s3-request-presigner is installed; the algorithm is the documented one, and a unit test
 * holds the GET against @smithy/signature-v4's own presign.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface BucketAddress {
  bucket: string;
  region: string;
  /** Local S3 only: path-style `<endpoint>/<bucket>/...`; without it, the bucket's virtual host on AWS. */
  endpoint?: string | undefined;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** `20261202T164200Z` and `20261202`. */
function stamps(now: Date): { amzDate: string; day: string } {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return { amzDate, day: amzDate.slice(0, 8) };
}

function signingKey(secret: string, day: string, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
}

/** RFC 3986 encoding as SigV4 wants it (also `!'()*`). */
const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function bucketUrl(address: BucketAddress): { origin: string; host: string; basePath: string } {
  if (address.endpoint) {
    const url = new URL(address.endpoint);
    return { origin: url.origin, host: url.host, basePath: `/${address.bucket}` };
  }
  const host = `${address.bucket}.s3.${address.region}.amazonaws.com`;
  return { origin: `https://${host}`, host, basePath: '' };
}

export interface PresignedPost {
  url: string;
  /** Form fields to send, in this order, before the `file` field. */
  fields: Record<string, string>;
  expiresAt: string;
}

/**
 * A POST policy for exactly one key, one content type and exactly `size` bytes (content-length-range
 * [size, size]): S3 refuses any other upload with this form.
 */
export function presignPost(
  address: BucketAddress,
  credentials: SigningCredentials,
  upload: { key: string; contentType: string; size: number; expiresInSeconds: number },
  now = new Date(),
): PresignedPost {
  const { amzDate, day } = stamps(now);
  const credential = `${credentials.accessKeyId}/${day}/${address.region}/s3/aws4_request`;
  const expiresAt = new Date(now.getTime() + upload.expiresInSeconds * 1000).toISOString();
  const fields: Record<string, string> = {
    key: upload.key,
    'Content-Type': upload.contentType,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': amzDate,
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
  };
  const policy = {
    expiration: expiresAt,
    conditions: [
      { bucket: address.bucket },
      ['eq', '$key', upload.key],
      ['eq', '$Content-Type', upload.contentType],
      ['content-length-range', upload.size, upload.size],
      { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
      { 'x-amz-credential': credential },
      { 'x-amz-date': amzDate },
      ...(credentials.sessionToken ? [{ 'x-amz-security-token': credentials.sessionToken }] : []),
    ],
  };
  const encodedPolicy = Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
  const signature = hmac(signingKey(credentials.secretAccessKey, day, address.region), encodedPolicy).toString('hex');
  const { origin, basePath } = bucketUrl(address);
  return { url: `${origin}${basePath}/`, fields: { ...fields, Policy: encodedPolicy, 'X-Amz-Signature': signature }, expiresAt };
}

/** A GET URL for one object, valid `expiresInSeconds`; `query` adds signed response overrides. */
export function presignGet(
  address: BucketAddress,
  credentials: SigningCredentials,
  object: { key: string; expiresInSeconds: number; query?: Record<string, string> },
  now = new Date(),
): string {
  const { amzDate, day } = stamps(now);
  const scope = `${day}/${address.region}/s3/aws4_request`;
  const { origin, host, basePath } = bucketUrl(address);
  const path = `${basePath}/${object.key.split('/').map(encode).join('/')}`;
  const params: Record<string, string> = {
    ...(object.query ?? {}),
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(object.expiresInSeconds),
    'X-Amz-SignedHeaders': 'host',
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
  };
  const query = Object.keys(params)
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k] ?? '')}`)
    .join('&');
  const canonical = ['GET', path, query, `host:${host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const signature = hmac(signingKey(credentials.secretAccessKey, day, address.region), toSign).toString('hex');
  return `${origin}${path}?${query}&X-Amz-Signature=${signature}`;
}
