import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_BYTES,
  compareSequencers,
  fileObjectKey,
  isNewerEvent,
  objectMismatch,
  parseFileObjectKey,
  safeFileName,
  uploadViolation,
} from '../../../functions/shared/domain/files';
import { presignGet, presignPost } from '../../../functions/shared/files/presign';

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);

/** The SDK signer's hash interface, on node:crypto. */
class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {}
}

const TENANT = '01JD0000000000000000000000';
const FILE = '01JD0000000000000000000001';
const CLIENT = '01JD0000000000000000000002';

describe('upload rules', () => {
  it('admits a logo image and a client PDF within the per-file size', () => {
    expect(uploadViolation({ purpose: 'logo', contentType: 'image/png', size: 1000 })).toBeUndefined();
    expect(
      uploadViolation({ purpose: 'client', clientId: CLIENT, contentType: 'application/pdf', size: MAX_FILE_BYTES.client }),
    ).toBeUndefined();
  });

  it('refuses a type outside the purpose allow-list', () => {
    expect(uploadViolation({ purpose: 'logo', contentType: 'application/pdf', size: 10 })).toMatchObject({
      reason: 'contentType',
    });
    expect(uploadViolation({ purpose: 'client', clientId: CLIENT, contentType: 'text/html', size: 10 })).toMatchObject({
      reason: 'contentType',
    });
  });

  it('refuses empty, fractional and oversized files', () => {
    for (const size of [0, 1.5, MAX_FILE_BYTES.logo + 1]) {
      expect(uploadViolation({ purpose: 'logo', contentType: 'image/png', size })).toMatchObject({
        reason: 'size',
        max: MAX_FILE_BYTES.logo,
      });
    }
  });

  it('wants a clientId for a client file and none for a logo', () => {
    expect(uploadViolation({ purpose: 'client', contentType: 'image/png', size: 1 })).toMatchObject({ reason: 'clientId' });
    expect(uploadViolation({ purpose: 'logo', clientId: CLIENT, contentType: 'image/png', size: 1 })).toMatchObject({
      reason: 'clientId',
    });
  });
});

describe('the object check of complete', () => {
  const declared = { size: 10, contentType: 'image/png' };
  it('accepts the object declared (content type parameters ignored)', () => {
    expect(objectMismatch(declared, { size: 10, contentType: 'image/PNG; charset=binary' })).toBeUndefined();
  });
  it('names what differs', () => {
    expect(objectMismatch(declared, undefined)).toEqual({ reason: 'missing' });
    expect(objectMismatch(declared, { size: 11, contentType: 'image/png' })).toEqual({
      reason: 'size',
      declared: 10,
      actual: 11,
    });
    expect(objectMismatch(declared, { size: 10, contentType: 'text/html' })).toMatchObject({ reason: 'contentType' });
    expect(objectMismatch(declared, { size: 10, contentType: undefined })).toMatchObject({ reason: 'contentType' });
  });
});

describe('object keys', () => {
  it('round-trips a file key and ignores any other', () => {
    expect(fileObjectKey(TENANT, FILE)).toBe(`tenants/${TENANT}/files/${FILE}`);
    expect(parseFileObjectKey(fileObjectKey(TENANT, FILE))).toEqual({ tenantId: TENANT, fileId: FILE });
    expect(parseFileObjectKey(`tenants/${TENANT}/files/${FILE}/x`)).toBeUndefined();
    expect(parseFileObjectKey(`logos/${FILE}`)).toBeUndefined();
    expect(parseFileObjectKey(`tenants/${TENANT}/../${FILE}`)).toBeUndefined();
  });
  it('keeps file names header-safe', () => {
    expect(safeFileName('a"b\r\nc.png')).toBe('a_b_c.png');
    expect(safeFileName('""')).toBe('_');
  });
});

describe('S3 sequencers', () => {
  it('left-pads the shorter before comparing, as AWS documents', () => {
    expect(compareSequencers('0A', 'A')).toBe(0);
    expect(compareSequencers('0055AED6DCD90281E5', '55AED6DCD90281E6')).toBe(-1);
    expect(compareSequencers('100', 'FF')).toBe(1);
  });
  it('applies an event only when it is newer than the last applied', () => {
    expect(isNewerEvent('01', undefined)).toBe(true);
    expect(isNewerEvent('02', '01')).toBe(true);
    expect(isNewerEvent('01', '01')).toBe(false);
    expect(isNewerEvent('01', '02')).toBe(false);
  });
});

describe('SigV4 presigning', () => {
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    sessionToken: 'token/with+chars',
  };
  const now = new Date('2026-12-02T16:00:00Z');

  it("signs a GET exactly as the SDK's own signer does", async () => {
    const key = `tenants/${TENANT}/files/${FILE}`;
    const url = new URL(
      presignGet(
        { bucket: 'app-bucket', region: 'eu-west-1' },
        credentials,
        { key, expiresInSeconds: 300, query: { 'response-content-disposition': 'inline; filename="a b.png"' } },
        now,
      ),
    );
    const signer = new SignatureV4({
      credentials,
      region: 'eu-west-1',
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'app-bucket.s3.eu-west-1.amazonaws.com',
        path: `/${key}`,
        // As @aws-sdk/s3-request-presigner asks: an unsigned payload, only `host` signed.
        headers: { host: 'app-bucket.s3.eu-west-1.amazonaws.com', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        query: { 'response-content-disposition': 'inline; filename="a b.png"' },
      },
      {
        signingDate: now,
        expiresIn: 300,
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    expect(url.searchParams.get('X-Amz-Signature')).toBe(signed.query?.['X-Amz-Signature']);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
  });

  it('binds the POST policy to one key, one type and exactly the declared bytes', () => {
    const post = presignPost(
      { bucket: 'app-bucket', region: 'eu-west-1' },
      credentials,
      { key: `tenants/${TENANT}/files/${FILE}`, contentType: 'image/png', size: 1234, expiresInSeconds: 900 },
      now,
    );
    expect(post.url).toBe('https://app-bucket.s3.eu-west-1.amazonaws.com/');
    expect(post.expiresAt).toBe('2026-12-02T16:15:00.000Z');
    const policy = JSON.parse(Buffer.from(String(post.fields.Policy), 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$key', `tenants/${TENANT}/files/${FILE}`],
        ['eq', '$Content-Type', 'image/png'],
        ['content-length-range', 1234, 1234],
        { 'x-amz-security-token': credentials.sessionToken },
      ]),
    );
    expect(post.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(post.fields['X-Amz-Credential']).toBe('AKIDEXAMPLE/20261202/eu-west-1/s3/aws4_request');
  });

  it('addresses local S3 path-style', () => {
    const post = presignPost(
      { bucket: 'b', region: 'r', endpoint: 'http://127.0.0.1:4569' },
      credentials,
      { key: 'k', contentType: 'image/png', size: 1, expiresInSeconds: 60 },
      now,
    );
    expect(post.url).toBe('http://127.0.0.1:4569/b/');
  });
});
