/** Direct DynamoDB set-up for tests: states the API builds over several steps, made in one. */
import { keyring } from '../../functions/shared/crypto/keyring';
import { emailIndex } from '../../functions/shared/entities/client';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import {
  appointmentKey,
  membershipKeys,
  pendingHoldsKey,
  tenantMetaKey,
  tenantPk,
  usageKey,
} from '../../functions/shared/db/keys';
import { PLAN_FEATURES, PLAN_LIMITS, type Plan } from '../../functions/shared/domain/plans';
import type { Role } from '../../functions/shared/domain/rbac';

let doc: DynamoDBDocumentClient | undefined;
export function db(): DynamoDBDocumentClient {
  if (!doc) {
    const e = inject('endpoints');
    doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: e.dynamodbEndpoint, region: e.region, credentials: e.credentials }),
    );
  }
  return doc;
}

const table = () => inject('endpoints').tableName;

/** Adds a member as an accepted invitation would (membership item, users counter, owner count). */
export async function addMember(tenantId: string, userId: string, email: string, role: Role): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...membershipKeys(tenantId, userId),
        entity: 'membership',
        tenantId,
        userId,
        email,
        role,
        joinedAt: new Date().toISOString(),
      },
    }),
  );
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: usageKey(tenantId),
      UpdateExpression: 'ADD #u :one',
      ExpressionAttributeNames: { '#u': 'users' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  if (role === 'owner') {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: tenantMetaKey(tenantId),
        UpdateExpression: 'ADD ownerCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }
}

/** Sets fields the API never lets a member write (plan, status, limits), as billing would. */
export async function setTenantFields(tenantId: string, fields: Record<string, unknown>): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:v${i}`] = v;
    return `#f${i} = :v${i}`;
  });
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: tenantMetaKey(tenantId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

export async function getItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  return (await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
}

/**
 * Moves a tenant to a plan the way the billing webhook does: plan, limits and features together, and
 * for a paid plan the Stripe customer that pays it (so the billing portal opens).
 */
export async function setPlan(tenantId: string, plan: Plan, subscriptionStatus = 'active'): Promise<void> {
  await setTenantFields(tenantId, {
    plan,
    limits: PLAN_LIMITS[plan],
    features: PLAN_FEATURES[plan],
    subscriptionStatus,
    ...(plan === 'free' ? {} : { stripeCustomerId: `cus_fixture_${tenantId.toLowerCase()}` }),
  });
}

/**
 * Every item of a tenant's partition, in key order, except the monthly counters each request moves (API
 * calls), and queued emails without their delivery state (the local mailer sends them meanwhile): what
 * "changes nothing" compares before and after a refused request.
 */
export async function tenantItems(tenantId: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': tenantPk(tenantId) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const sk = String(item.SK);
      if (sk.startsWith('USAGE#')) continue;
      items.push(sk.startsWith('OUTBOX#') ? { PK: item.PK, SK: sk, template: item.template, to: item.to } : item);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Time travel for one pending online booking: its hold's expiry moved to a moment ago wherever the hold
 * is written (the appointment, its span in the staff day, its place among the day's holds), as if its
 * `pendingHoldMinutes` had passed. Everything after that is the platform's own reading of the clock.
 */
export async function backdateHold(tenantId: string, appointmentId: string): Promise<void> {
  const appt = await getItem(appointmentKey(tenantId, appointmentId));
  if (appt?.status !== 'pending') throw new Error(`${appointmentId} is not a pending hold`);
  const past = new Date(Date.now() - 1000).toISOString();
  const set = (key: Record<string, string>, path: string) =>
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: `SET ${path} = :past`,
        ConditionExpression: 'attribute_exists(PK)',
        ...(path.includes('#id') ? { ExpressionAttributeNames: { '#id': appointmentId } } : {}),
        ExpressionAttributeValues: { ':past': past },
      }),
    );
  await set(appointmentKey(tenantId, appointmentId), 'holdExpiresAt');
  await set({ PK: String(appt.PK), SK: String(appt.dayKey) }, 'spans.#id.holdUntil');
  await set(pendingHoldsKey(tenantId, String(appt.start).slice(0, 10)), 'holds.#id');
}

/** Lets a salon's online bookings skip the emailed confirmation (as its owner's PATCH would); answers its slug. */
export async function withoutOnlineConfirmation(tenantId: string): Promise<string> {
  const out = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: tenantMetaKey(tenantId),
      UpdateExpression: 'SET settings.onlineBookingConfirmation = :none',
      ExpressionAttributeValues: { ':none': 'none' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return String(out.Attributes?.slug);
}

/** The lookup key of an email in a salon (its keyed blind index), as the platform computes it. */
export async function emailIndexIn(tenantId: string, email: string): Promise<string> {
  return emailIndex(await keyring().cipherFor(tenantId), email);
}
