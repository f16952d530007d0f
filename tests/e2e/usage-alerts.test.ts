/**
 * Owners' emails at 80% and 100% of a plan limit, through the local platform: the usage counter's stream
 * record reaches the usage-alerts consumer, which queues one email per owner and threshold; the local
 * mailer writes it to the outbox folder. A redelivered record queues nothing more.
 */
import '../support/stack-env';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { monthlyUsageKey, tenantPk } from '../../functions/shared/db/keys';
import { monthIn } from '../../functions/shared/domain/calendar';
import { PLAN_LIMITS } from '../../functions/shared/domain/plans';
import { handler } from '../../functions/streams/usage-alerts';
import { db, setTenantFields } from '../support/fixtures';
import { api } from '../support/http';
import { allWeekStaffBody } from '../support/route-samples';
import { signUpAndSignIn } from '../support/tokens';

const TZ = 'Europe/Paris';

/** The alert emails the local mailer wrote to `to`, by threshold. */
function alertsTo(to: string): string[] {
  const dir = join(inject('dataDir'), 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.includes(`_${to}_`))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((text) => text.includes("of its plan's appointments this month"));
}

async function waitFor(check: () => boolean, ms = 10_000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

describe("owners' emails at 80% and 100% of a plan limit", () => {
  const e = inject('endpoints');
  let owner: Awaited<ReturnType<typeof signUpAndSignIn>>;
  let tenantId: string;
  const ids = { serviceId: '', staffId: '', clientId: '' };

  beforeAll(async () => {
    owner = await signUpAndSignIn(e, 'limits');
    const t = await api<{ id: string }>('POST', '/v1/tenants', {
      token: owner.accessToken,
      body: { name: 'Limits', slug: `limits-${Date.now().toString(36)}`, timezone: TZ },
    });
    tenantId = t.body.id;
    await setTenantFields(tenantId, { limits: { ...PLAN_LIMITS.free, maxAppointmentsPerMonth: 5 } });
    const post = async (path: string, body: unknown) =>
      (await api<Record<string, string>>('POST', `/v1/tenants/${tenantId}${path}`, { token: owner.accessToken, body })).body;
    ids.serviceId = String(
      (await post('/services', { name: 'Cut', durationMinutes: 30, price: { amount: 100, currency: 'EUR' } })).serviceId,
    );
    ids.staffId = String((await post('/staff', allWeekStaffBody([ids.serviceId]))).staffId);
    ids.clientId = String((await post('/clients', { name: 'Ana' })).clientId);
  });

  const book = (hour: number) =>
    api('POST', `/v1/tenants/${tenantId}/appointments`, {
      token: owner.accessToken,
      body: { ...ids, start: `2031-03-04T${String(hour).padStart(2, '0')}:00:00+01:00` },
    });

  it('emails the owner once at 80% and once at 100%, and a redelivered record sends nothing more', async () => {
    for (const hour of [9, 10, 11]) expect((await book(hour)).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect(alertsTo(owner.email)).toEqual([]);
    expect((await book(12)).status).toBe(201); // 4 of 5: 80%
    await waitFor(() => alertsTo(owner.email).length === 1);
    expect(alertsTo(owner.email)).toHaveLength(1);
    expect(alertsTo(owner.email)[0]).toContain('has used 80%');
    expect((await book(13)).status).toBe(201); // 5 of 5: 100%
    await waitFor(() => alertsTo(owner.email).length === 2);
    expect((await book(14)).status).toBe(402); // refused: the counter does not move
    await new Promise((r) => setTimeout(r, 1500));
    const mails = alertsTo(owner.email);
    expect(mails).toHaveLength(2);
    expect(mails.filter((m) => m.includes('has used 100%'))).toHaveLength(1);

    // The same record delivered again (as Lambda may): the messages' conditional puts refuse a second copy.
    const month = monthIn(TZ);
    const image = (appointments: number) =>
      marshall({ ...monthlyUsageKey(tenantId, month), entity: 'usage', appointments }) as NonNullable<
        DynamoDBStreamEvent['Records'][number]['dynamodb']
      >['NewImage'];
    const event: DynamoDBStreamEvent = {
      Records: [
        { eventName: 'MODIFY', dynamodb: { SequenceNumber: '1', OldImage: image(3), NewImage: image(4) } },
        { eventName: 'MODIFY', dynamodb: { SequenceNumber: '2', OldImage: image(4), NewImage: image(5) } },
      ],
    };
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    const queued = await db().send(
      new QueryCommand({
        TableName: e.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':p': 'OUTBOX#limit-' },
        ConsistentRead: true,
      }),
    );
    // Only the appointments alerts: the salon's creation (1 of the free plan's 1 user) is not one.
    expect(queued.Items?.map((i) => [i.SK, i.template])).toEqual([
      [`OUTBOX#limit-maxAppointmentsPerMonth-${month}-100-${owner.userId}`, 'usage-alert'],
      [`OUTBOX#limit-maxAppointmentsPerMonth-${month}-80-${owner.userId}`, 'usage-alert'],
    ]);
  });
});
