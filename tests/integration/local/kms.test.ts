import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, inject, it } from 'vitest';

describe('local KMS stand-in through @aws-sdk/client-kms', () => {
  const e = inject('endpoints');
  const kms = new KMSClient({ endpoint: e.kmsEndpoint, region: e.region, credentials: e.credentials });
  afterAll(() => kms.destroy());

  it('issues data keys that decrypt only with the same encryption context', async () => {
    const context = { tenantId: 't-1' };
    const key = await kms.send(new GenerateDataKeyCommand({ KeyId: e.kmsKeyId, KeySpec: 'AES_256', EncryptionContext: context }));
    expect(key.Plaintext?.byteLength).toBe(32);
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: context }));
    expect(Buffer.from(back.Plaintext ?? new Uint8Array()).equals(Buffer.from(key.Plaintext ?? new Uint8Array()))).toBe(true);
    await expect(
      kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: { tenantId: 't-2' } })),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
  });

  it('refuses an unknown key id', async () => {
    await expect(kms.send(new GenerateDataKeyCommand({ KeyId: 'nope', KeySpec: 'AES_256' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });
});
