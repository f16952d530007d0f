/**
 * Rotation of a salon's data key against the local platform: new writes use the new version, a
 * resumable re-encryption pass moves every item to it, items stay readable throughout, and a second
 * pass finds nothing to do (it converges). Old versions are kept.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { FieldCipher } from '../../functions/shared/crypto/fields';
import { keyring } from '../../functions/shared/crypto/keyring';
import { reencryptSalon, reencryptSalonFully, rotateSalonKey } from '../../functions/shared/crypto/rotation';
import { clientKey, tenantKeyKey, tenantPk } from '../../functions/shared/db/keys';
import { tenantDbForKeyring } from '../../functions/shared/db/tenant-client';
import type { Client } from '../../functions/shared/repositories/clients';
import { db, getItem, setPlan } from '../support/fixtures';
import { api } from '../support/http';
import { signUpAndSignIn } from '../support/tokens';

describe('data key rotation and re-encryption', () => {
  const e = inject('endpoints');

  it('rotates: new writes use v2, the resumable pass converges, every item reads the same before and after', async () => {
    const owner = await signUpAndSignIn(e, 'rotate');
    const created = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Rotating', slug: `rotate-${Date.now().toString(36)}` },
    });
    const t = created.body.id;
    await setPlan(t, 'starter');
    const call = <T>(method: string, path: string, body?: unknown) => api<T>(method, path, { token: owner.accessToken, body });
    const before: Client[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call<Client>('POST', `/v1/tenants/${t}/clients`, {
        name: `Client ${i}`,
        email: `rot-${i}-${Date.now().toString(36)}@example.test`,
        phone: '+33612345678',
        notes: `note ${i}`,
      });
      expect(r.status).toBe(201);
      before.push(r.body);
    }
    const versionsOf = async () => {
      const out = await db().send(
        new QueryCommand({
          TableName: e.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
          ExpressionAttributeValues: { ':pk': tenantPk(t), ':c': 'CLIENT#' },
          ConsistentRead: true,
        }),
      );
      return new Set(
        (out.Items ?? []).flatMap((i) => ['email', 'phone', 'notes'].map((f) => FieldCipher.versionOf(String(i[f])))),
      );
    };
    expect(await versionsOf()).toEqual(new Set([1]));

    expect(await rotateSalonKey(keyring(), t)).toBe(2);
    expect(await getItem(tenantKeyKey(t, 1))).toBeDefined();
    expect(await getItem(tenantKeyKey(t, 2))).toMatchObject({ version: 2, state: 'active' });

    // A write in this container after the rotation uses v2 (other containers within their cache period).
    const ring = keyring();
    const cipher = await ring.cipherFor(t, { create: true });
    expect(cipher.currentVersion).toBe(2);

    // Resumable: page by page (two items a page), as a job resuming from its stored cursor would.
    const tenantDb = tenantDbForKeyring(t);
    let cursor: Record<string, unknown> | undefined;
    let pages = 0;
    let rewritten = 0;
    do {
      const page = await reencryptSalon(ring, tenantDb, e.tableName, t, { cursor, pageSize: 2 });
      rewritten += page.rewritten;
      cursor = page.cursor;
      pages++;
      // Readable at every point of the pass, old and new versions mixed.
      if (pages === 2) {
        const mid = await call<{ items: Client[] }>('GET', `/v1/tenants/${t}/clients?limit=100`);
        expect(mid.body.items.sort((a, b) => a.clientId.localeCompare(b.clientId))).toEqual(before);
      }
    } while (cursor);
    expect(pages).toBeGreaterThan(3);
    expect(rewritten).toBe(7);
    expect(await versionsOf()).toEqual(new Set([2]));
    // Converged: another full pass rewrites nothing.
    expect((await reencryptSalonFully(ring, tenantDb, e.tableName, t)).rewritten).toBe(0);
    // The API answers exactly as before, and lookups by email still work (the blind index does not rotate).
    for (const c of before) {
      expect((await call<Client>('GET', `/v1/tenants/${t}/clients/${c.clientId}`)).body).toEqual(c);
      const found = await call<{ items: Client[] }>(
        'GET',
        `/v1/tenants/${t}/clients?email=${encodeURIComponent(String(c.email))}`,
      );
      expect(found.body.items.map((x) => x.clientId)).toEqual([c.clientId]);
    }
    expect(String((await getItem(clientKey(t, before[0]?.clientId ?? '')))?.notes)).toMatch(/^v1\.2\./);
  });
});
