/** Direct DynamoDB set-up for tests: states the API builds over several steps, made in one. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { membershipKeys, tenantMetaKey, tenantPk, usageKey } from '../../functions/shared/db/keys';
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
      items.push(
        sk.startsWith('OUTBOX#') ? { PK: item.PK, SK: sk, template: item.template, to: item.to, data: item.data } : item,
      );
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
