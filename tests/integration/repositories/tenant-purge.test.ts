import { beforeAll, describe, expect, inject, it } from 'vitest';
import { membershipKeys, slugKey, tenantMetaKey, usageKey } from '../../../functions/shared/db/keys';
import { dueTenants, purgeTenant } from '../../../functions/shared/repositories/tenant-purge';
import { getItem } from '../../support/fixtures';
import { api } from '../../support/http';
import { signUpAndSignIn } from '../../support/tokens';

const DAY = 86_400_000;

describe('purge of deleted tenants (DynamoDB Local)', () => {
  const e = inject('endpoints');
  let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'purge');
  });

  it('keeps a deleted tenant for the retention period, then removes every item and frees the slug', async () => {
    const slug = `purge-${Date.now().toString(36)}`;
    const created = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Gone Soon', slug },
    });
    const keep = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Stays', slug: `${slug}-b` },
    });
    const id = created.body.id;
    expect((await api('DELETE', `/v1/tenants/${id}`, { token: owner.accessToken })).status).toBe(204);

    // Other test files delete tenants concurrently: look for this one, purge only this one.
    const dueAt = async (days: number) => {
      const ids: string[] = [];
      for await (const t of dueTenants(new Date(Date.now() + days * DAY))) ids.push(t.tenantId);
      return ids;
    };
    expect(await dueAt(29)).not.toContain(id);
    expect(await dueAt(31)).toContain(id);
    await purgeTenant(id, slug);
    const { PK, SK } = membershipKeys(id, owner.userId);
    for (const key of [tenantMetaKey(id), usageKey(id), { PK, SK }, slugKey(slug)]) expect(await getItem(key)).toBeUndefined();
    expect(await getItem(tenantMetaKey(keep.body.id))).toBeDefined();
    const again = await api('POST', '/v1/tenants', { token: owner.accessToken, body: { name: 'Reborn', slug } });
    expect(again.status).toBe(201);
  });
});
