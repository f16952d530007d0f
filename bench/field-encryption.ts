/**
 * `npx tsx bench/field-encryption.ts`: what field encryption adds to a client create and get, in
 * process and warm (the salon's key cached in the keyring; the one KMS Decrypt per salon per cache
 * period is a network call and not counted here).
 *
 * - create: the stored item built (AES-256-GCM of email, phone and notes, the HMAC blind index) against
 *   the same item in plain with the SHA-256 index it replaced, plus the keyring's cache lookup.
 * - get: the item decoded (three decryptions) against the plain codec, plus the cache lookup.
 *
 * Medians over batches of wall time per operation (performance.now), after a warm-up.
 */
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../functions/shared/crypto/fields';
import { Keyring, createFirstKey } from '../functions/shared/crypto/keyring';
import { emailKeyHash } from '../functions/shared/domain/email';
import { emailIndex, sealClientFields, toClient, toClientPlain } from '../functions/shared/entities/client';
import { median } from './lib/stats';

const tenantId = '01JBENCH000000000000000000';
const clientId = '01JCLIENT00000000000000000';
const client = {
  clientId,
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.test',
  phone: '+33612345678',
  notes: 'Allergic to lavender; prefers mornings; colour 6.1 with 20 vol.',
  notifications: { email: true, sms: true },
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
};
const key = randomBytes(32);
const cipher = new FieldCipher({ tenantId, current: 1, versions: new Map([[1, key]]) });
// A keyring whose only salon is loaded: the lookup every request makes.
const ring = new Keyring({
  kms: () => ({ send: async () => ({ Plaintext: key }) }) as never,
  db: () =>
    ({
      send: async () => ({
        Items: [{ entity: 'tenantKey', tenantId, version: 1, wrappedKey: 'eA==', createdAt: 'x', state: 'active' }],
      }),
    }) as never,
  table: () => 't',
  keyId: () => 'k',
});

async function measure(label: string, op: () => unknown | Promise<unknown>, iterations = 500, batches = 15) {
  for (let i = 0; i < iterations; i++) await op();
  const perOp: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await op();
    perOp.push(((performance.now() - start) * 1000) / iterations);
  }
  const m = median(perOp);
  console.log(`${label.padEnd(44)} ${m.toFixed(2).padStart(7)} µs/op`);
  return m;
}

await ring.cipherFor(tenantId);
const storedItem = sealClientFields(cipher, clientId, client);

console.log(`field encryption, ${new Date().toISOString()}, load ${(await import('node:os')).loadavg()[0]?.toFixed(2)}`);
const plainCreate = await measure('create: plain item + sha256 index', () => {
  const item = { ...client };
  return [item, emailKeyHash(client.email)];
});
const encCreate = await measure('create: keyring hit + encrypt 3 + HMAC index', async () => {
  const c = await ring.cipherFor(tenantId, { create: createFirstKey });
  return [sealClientFields(c, clientId, client), emailIndex(c, client.email)];
});
const plainGet = await measure('get: plain codec', () => toClientPlain(client));
const encGet = await measure('get: keyring hit + decrypt 3', async () => toClient(storedItem, await ring.cipherFor(tenantId)));
console.log(`added per create: ${(encCreate - plainCreate).toFixed(2)} µs; per get: ${(encGet - plainGet).toFixed(2)} µs`);
console.log(`KMS calls made by the keyring during the bench: ${ring.callsFor(tenantId)}`);
