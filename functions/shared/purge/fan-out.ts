/**
 * The daily purge fans out: it only lists the salons whose purge date has passed and queues one
 * invocation of the purge worker per salon, as a one-time EventBridge Scheduler schedule named after
 * the salon (`purge-<tenantId>`). Scheduler invokes the worker asynchronously with its retry policy and
 * dead-letter queue; the worker's own async retries and on-failure destination come after that. The
 * name makes queueing idempotent: a salon already queued (yesterday's still retrying, or this run
 * redelivered) is not queued twice, and one that is not purged yet is queued again the next day.
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { purgeFanOutConfig } from '../config';
import { PURGE_TARGET_MAX_EVENT_AGE_SECONDS, PURGE_TARGET_RETRIES, type PurgeMessage, purgeScheduleName } from '../domain/purge';
import { createOnce, newSchedulerClient, oneTimeScheduleInput } from '../scheduler/one-time';
import { documentClient, tableName } from '../db/client';
import { PURGE_QUEUE } from '../db/keys';
import { queryPages } from '../db/read';
import { TABLE } from '../db/table';
import { str } from '../entities/codec';
import { salonSlug } from '../entities/salon';

/** Tenants whose purge date has passed, oldest first. */
export async function* dueTenants(now: Date): AsyncGenerator<{ tenantId: string; slug: string }> {
  const { gsi2 } = TABLE.indexes;
  for await (const page of queryPages(documentClient(), {
    TableName: tableName(),
    IndexName: gsi2.name,
    KeyConditionExpression: '#pk = :queue AND #sk <= :now',
    ExpressionAttributeNames: { '#pk': gsi2.partitionKey, '#sk': gsi2.sortKey },
    ExpressionAttributeValues: { ':queue': PURGE_QUEUE, ':now': now.toISOString() },
  })) {
    for (const item of page.Items ?? []) yield { tenantId: str(item, 'salon', 'id'), slug: salonSlug(item) };
  }
}

/** Creates in flight at once: far under Scheduler's per-Region rate. */
const CONCURRENCY = 10;
let client: SchedulerClient | undefined;

function schedulerClient(): SchedulerClient {
  client ??= newSchedulerClient(purgeFanOutConfig().endpoint);
  return client;
}

export interface FanOutResult {
  due: number;
  queued: number;
  alreadyQueued: number;
}

/** Queues one purge per due salon; answers how many were due, queued now, and queued before. */
export async function queueDuePurges(now = new Date(), s: SchedulerClient = schedulerClient()): Promise<FanOutResult> {
  const c = purgeFanOutConfig();
  const due: string[] = [];
  for await (const t of dueTenants(now)) due.push(t.tenantId);
  // A minute ahead, on the minute: an `at` time is never in the past when Scheduler reads it.
  const at = new Date(Math.ceil((now.getTime() + 60_000) / 60_000) * 60_000);
  const result: FanOutResult = { due: due.length, queued: 0, alreadyQueued: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, due.length) }, async () => {
      while (next < due.length) {
        const tenantId = due[next++] as string;
        const message: PurgeMessage = { tenantId };
        const input = oneTimeScheduleInput({
          name: purgeScheduleName(tenantId),
          groupName: c.groupName,
          at,
          description: 'Purge of one deleted salon past its retention period',
          target: {
            arn: c.targetArn,
            roleArn: c.roleArn,
            deadLetterArn: c.deadLetterArn,
            input: message,
            retries: PURGE_TARGET_RETRIES,
            maxEventAgeSeconds: PURGE_TARGET_MAX_EVENT_AGE_SECONDS,
          },
        });
        if (await createOnce(s, input)) result.queued += 1;
        else result.alreadyQueued += 1;
      }
    }),
  );
  return result;
}
