/**
 * Stream consumer: emails the salon's owners once when a usage counter (`USAGE`, `USAGE#<month>`) reaches
 * 80% and once when it reaches 100% of the plan's limit in a period (domain/usage-alerts.ts). Each email's
 * message id is derived from the limit, period, threshold and owner, and queued with a conditional put,
 * so a redelivered record (or a second crossing in the same period after a limit change) sends nothing
 * twice. Reads: the salon (limits, name, timezone) and its owners' memberships, only when a threshold
 * was crossed.
 */
import type { FieldCipher } from '../shared/crypto/fields';
import { keyring, createFirstKey } from '../shared/crypto/keyring';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient, tableName } from '../shared/db/client';
import { isConditionFailure } from '../shared/db/conditions';
import { MEMBER_PREFIX, TENANT_PREFIX, tenantMetaKey, tenantPk } from '../shared/db/keys';
import { queryAll } from '../shared/db/read';
import { monthIn } from '../shared/domain/calendar';
import { LIMIT_LABELS, type LimitAlert, MONTHLY_LIMITS, TOTAL_LIMITS, limitAlerts } from '../shared/domain/usage-alerts';
import { optStr, str } from '../shared/entities/codec';
import { isDeleted, salonLimits, salonName, salonTimezone } from '../shared/entities/salon';
import { usageCount } from '../shared/entities/usage';
import { logger } from '../shared/logger';
import { queueEmail } from '../shared/entities/outbox';
import { STREAM_CONSUMERS } from './consumers';
import { eachRecord } from './stream-batch';
import { streamImage } from './stream-image';

export const filters = STREAM_CONSUMERS.usageAlerts.filters;

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  // Not metered: metering's own counter updates trigger it, so its meter lines would feed back into
  // those counters without end. Its time is platform overhead.
  return eachRecord(
    event,
    'usageAlerts',
    async (record) => {
      await alertFor(record);
      return true;
    },
    { metered: false },
  );
}

const image = streamImage;

const MONTHLY = /^USAGE#(\d{4}-\d{2})$/;

async function alertFor(record: DynamoDBRecord): Promise<void> {
  const after = image(record.dynamodb?.NewImage);
  if (!after) return;
  const pk = str(after, 'usage', 'PK');
  const sk = str(after, 'usage', 'SK');
  if (!pk.startsWith(TENANT_PREFIX)) return;
  const monthly = MONTHLY.exec(sk)?.[1];
  if (sk !== 'USAGE' && !monthly) return;
  const before = image(record.dynamodb?.OldImage);
  // The totals item is created with the salon, its owner counted: not news to that owner (a free salon's 1 of 1).
  if (!before && sk === 'USAGE') return;
  const tenantId = pk.slice(TENANT_PREFIX.length);
  const db = documentClient();
  const salon = (await db.send(new GetCommand({ TableName: tableName(), Key: tenantMetaKey(tenantId) }))).Item;
  if (!salon || isDeleted(salon)) return;
  const alerts = limitAlerts(
    monthly ? MONTHLY_LIMITS : TOTAL_LIMITS,
    (c) => usageCount(before, c),
    (c) => usageCount(after, c),
    salonLimits(salon),
  );
  if (alerts.length === 0) return;
  const period = monthly ?? monthIn(salonTimezone(salon));
  const owners = await queryAll(db, {
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
    FilterExpression: '#role = :owner',
    ExpressionAttributeNames: { '#role': 'role' },
    ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':member': MEMBER_PREFIX, ':owner': 'owner' },
  });
  const now = new Date().toISOString();
  const cipher = await keyring().cipherFor(tenantId, { create: createFirstKey });
  for (const alert of alerts) {
    for (const owner of owners) {
      const to = optStr(owner, 'email');
      if (!to) continue;
      const userId = str(owner, 'membership', 'userId');
      await queueOnce(tenantId, alertEmail(tenantId, cipher, salonName(salon), { to, userId }, alert, period, now), alert);
    }
  }
}

function alertEmail(
  tenantId: string,
  cipher: FieldCipher,
  salon: string,
  { to, userId }: { to: string; userId: string },
  alert: LimitAlert,
  period: string,
  now: string,
) {
  return queueEmail(
    tableName(),
    tenantId,
    cipher,
    {
      template: 'usage-alert',
      to,
      data: {
        salonName: salon,
        limit: LIMIT_LABELS[alert.limitName],
        threshold: String(alert.threshold),
        used: String(alert.used),
        max: String(alert.limit),
        period,
      },
    },
    now,
    // One per limit, period, threshold and owner: what makes a redelivery send nothing.
    { messageId: `limit-${alert.limitName}-${period}-${alert.threshold}-${userId}` },
  );
}

async function queueOnce(tenantId: string, put: ReturnType<typeof queueEmail>, alert: LimitAlert): Promise<void> {
  try {
    await documentClient().send(new PutCommand(put.Put));
    logger.info('Limit alert queued', { tenantId, limitName: alert.limitName, threshold: alert.threshold });
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    logger.debug('Limit alert already queued', { tenantId, limitName: alert.limitName, threshold: alert.threshold });
  }
}
