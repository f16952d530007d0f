/**
 * `npm run reconcile-stats` against the local platform: a salon whose counters lost a date (as if it
 * predated them) gets it back from its raw clients, in one pass and a pass that finds nothing; the
 * all-salons run leaves a right salon alone; a bad `--tenant` is refused with the usage line.
 */
import '../../support/stack-env';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { dailyStatsKey } from '../../../functions/shared/db/keys';
import { localParts } from '../../../functions/shared/domain/zoned-time';
import { db, getItem, setPlan } from '../../support/fixtures';
import { api } from '../../support/http';
import { signUpAndSignIn } from '../../support/tokens';

const e = inject('endpoints');
const root = resolve(import.meta.dirname, '../../..');
const TZ = 'Europe/Paris';

const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/reconcile-stats.ts', ...args], {
    cwd: root,
    env: { ...process.env, RENDEZVOUS_DATA_DIR: inject('dataDir') },
  });

describe('npm run reconcile-stats', () => {
  let tenantId: string;
  const today = localParts(new Date(), TZ).date;
  beforeAll(async () => {
    const owner = await signUpAndSignIn(e, 'reconcile-owner');
    const res = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Salon Réconcilié', slug: `reconcilie-${Date.now().toString(36)}`, timezone: TZ, locale: 'fr-FR' },
    });
    expect(res.status).toBe(201);
    tenantId = res.body.id;
    await setPlan(tenantId, 'professional');
    for (const name of ['Ada', 'Grace']) {
      const c = await api('POST', `/v1/tenants/${tenantId}/clients`, {
        token: owner.accessToken,
        body: { name: `${name} Test`, email: `${name.toLowerCase()}-${Date.now()}@example.test` },
      });
      expect(c.status).toBe(201);
    }
  });

  it('restores a lost date for one salon, then finds nothing more to change', async () => {
    expect(await getItem(dailyStatsKey(tenantId, today))).toMatchObject({ newClients: 2 });
    await db().send(new DeleteCommand({ TableName: e.tableName, Key: dailyStatsKey(tenantId, today) }));
    const { stdout } = await run('--tenant', tenantId);
    expect(stdout).toContain(`${tenantId}: 1 then 0 date(s) corrected`);
    expect(stdout).toContain('1 salon(s) reconciled.');
    expect(await getItem(dailyStatsKey(tenantId, today))).toMatchObject({ newClients: 2 });
  });

  it('over every salon, leaves a right one alone', async () => {
    const { stdout } = await run();
    expect(stdout).toContain(`${tenantId}: 0 date(s) corrected`);
    expect(await getItem(dailyStatsKey(tenantId, today))).toMatchObject({ newClients: 2 });
  }, 120_000);

  it('refuses a --tenant that is not a salon id', async () => {
    await expect(run('--tenant', 'nope')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Usage: npm run reconcile-stats'),
    });
  });
});
