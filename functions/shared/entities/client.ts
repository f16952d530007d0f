/**
 * The client entity: its items (`CLIENT#<id>`, with GSI1 keys for lookup by email, and `CLIENTEMAIL#<hash>`,
 * one client per email and salon), its codec and its writes. Nothing else writes these items: members'
 * client routes (repositories/clients.ts) and online booking (repositories/public-booking.ts) both build
 * their steps here, each saying what a failure means for it.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../db/conditions';
import { CLIENT_PREFIX, clientEmailKey, clientEmailLookupKeys, clientKey, usageKey } from '../db/keys';
import { TABLE } from '../db/table';
import { updateParts } from '../db/update-expression';
import { type Step, step } from '../db/transact';
import { emailKeyHash } from '../domain/email';
import { counterIncrement } from './usage';
import { CorruptItemError, type Item, optStr, str } from './codec';

export { CLIENT_PREFIX, clientEmailKey, clientEmailLookupKeys, clientKey };

/** Which messages the client accepts; both on unless they (or a bounce, or an unsubscribe link) said no. */
export interface NotificationPreferences {
  email: boolean;
  sms: boolean;
}

export const DEFAULT_NOTIFICATIONS: NotificationPreferences = { email: true, sms: true };

export interface Client {
  clientId: string;
  name: string;
  email?: string;
  phone?: string;
  notes?: string;
  notifications: NotificationPreferences;
  createdAt: string;
  updatedAt: string;
}

export const CLIENT_OPTIONAL = ['email', 'phone', 'notes'] as const;

/** A client item (or a client being written) as the API answers it; a missing required field throws. */
export function toClient(item: Item): Client {
  const client: Client = {
    clientId: str(item, 'client', 'clientId'),
    name: str(item, 'client', 'name'),
    createdAt: str(item, 'client', 'createdAt'),
    updatedAt: str(item, 'client', 'updatedAt'),
    notifications: toNotifications(item.notifications),
  };
  for (const field of CLIENT_OPTIONAL) {
    const value = optStr(item, field);
    if (value !== undefined) client[field] = value;
  }
  return client;
}

/** Clients from before preferences existed read the defaults; a present map must hold booleans. */
export function toNotifications(value: unknown): NotificationPreferences {
  if (value === undefined) return { ...DEFAULT_NOTIFICATIONS };
  const prefs = value as Partial<Record<keyof NotificationPreferences, unknown>> | null;
  if (typeof prefs !== 'object' || prefs === null) throw new CorruptItemError('client', 'notifications');
  const flag = (channel: keyof NotificationPreferences) => {
    const v = prefs[channel];
    if (v === undefined) return DEFAULT_NOTIFICATIONS[channel];
    if (typeof v !== 'boolean') throw new CorruptItemError('client', `notifications.${channel}`);
    return v;
  };
  return { email: flag('email'), sms: flag('sms') };
}

/**
 * One channel turned off for one client, by an unsubscribe link or a bounce: not a member's write, so no
 * write guard; it only ever makes the platform send less. Answers whether it was on (so a link works
 * once) or undefined when the client is gone.
 */
export async function turnNotificationOff(
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  clientId: string,
  channel: keyof NotificationPreferences,
  now: string,
): Promise<boolean | undefined> {
  const key = clientKey(tenantId, clientId);
  const read = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  const item = read.Item;
  if (item?.[TABLE.entityAttribute] !== 'client' || item === undefined) return undefined;
  const current = toNotifications(item.notifications);
  if (!current[channel]) return false;
  try {
    // The whole map, on condition it is still what was read: a concurrent change of the other channel is not undone.
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET notifications = :next, updatedAt = :now',
        ConditionExpression:
          item.notifications === undefined
            ? 'attribute_exists(PK) AND attribute_not_exists(notifications)'
            : 'notifications = :was',
        ExpressionAttributeValues: {
          ':next': { ...current, [channel]: false },
          ':now': now,
          ...(item.notifications === undefined ? {} : { ':was': item.notifications }),
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return turnNotificationOff(db, table, tenantId, clientId, channel, now);
    throw err;
  }
}

type Answer = () => Error | undefined | Promise<Error | undefined>;

/** The email item naming `clientId`, put only if no client has the email. */
export function clientEmailPut(table: string, tenantId: string, clientId: string, email: string, taken: Answer): Step {
  return step(
    'clientEmail',
    {
      Put: {
        TableName: table,
        Item: { ...clientEmailKey(tenantId, emailKeyHash(email)), [TABLE.entityAttribute]: 'clientEmail', clientId, email },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    taken,
  );
}

/** The email item given up (a client's email changed, or the client deleted). */
export const clientEmailDelete = (table: string, tenantId: string, email: string): Step =>
  step('oldClientEmail', { Delete: { TableName: table, Key: clientEmailKey(tenantId, emailKeyHash(email)) } });

/** The email still names the client it named when read. */
export const clientEmailCheck = (table: string, tenantId: string, emailHash: string, clientId: string, changed: Answer): Step =>
  step(
    'clientEmail',
    {
      ConditionCheck: {
        TableName: table,
        Key: clientEmailKey(tenantId, emailHash),
        ConditionExpression: 'clientId = :id',
        ExpressionAttributeValues: { ':id': clientId },
      },
    },
    changed,
  );

/**
 * A new client: its item (with its GSI1 keys when it has an email), its email item, and its place in
 * `maxClients` (bounded by `limit`), each step answering as the caller says.
 */
export function newClientSteps(
  table: string,
  tenantId: string,
  client: Client,
  limit: number,
  answers: { clientTaken?: Answer; emailTaken: Answer; limitReached: Answer },
): Step[] {
  const { email } = client;
  return [
    step(
      'client',
      {
        Put: {
          TableName: table,
          Item: {
            ...clientKey(tenantId, client.clientId),
            ...(email ? clientEmailLookupKeys(tenantId, emailKeyHash(email), client.clientId) : {}),
            [TABLE.entityAttribute]: 'client',
            ...client,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      answers.clientTaken,
    ),
    ...(email ? [clientEmailPut(table, tenantId, client.clientId, email, answers.emailTaken)] : []),
    step('clientCount', counterIncrement(usageKey(tenantId), 'maxClients', limit, 1), answers.limitReached),
  ];
}

/** A client's place in `maxClients` given back. */
export const clientCountReturned = (tenantId: string): Step =>
  step('clientCount', counterIncrement(usageKey(tenantId), 'maxClients', -1, -1));

/** The client is there and still has the email read (or none), so its email item is the one moved. */
function sameEmailCondition(email: string | undefined) {
  return email === undefined
    ? { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(email)', values: {} }
    : { ConditionExpression: 'attribute_exists(PK) AND email = :was', values: { ':was': email } };
}

/**
 * A patch that changes the email: the client (and its GSI1 keys) on condition its email is the one read,
 * the new email item put, the old one deleted.
 */
export function clientEmailChangeSteps(
  table: string,
  tenantId: string,
  clientId: string,
  fields: Readonly<Record<string, unknown>>,
  oldEmail: string | undefined,
  newEmail: string | undefined,
  answers: { changed: Answer; emailTaken: Answer },
): Step[] {
  const lookup = newEmail ? clientEmailLookupKeys(tenantId, emailKeyHash(newEmail), clientId) : undefined;
  const parts = updateParts({
    ...fields,
    email: newEmail ?? null,
    [TABLE.indexes.gsi1.partitionKey]: lookup?.GSI1PK ?? null,
    [TABLE.indexes.gsi1.sortKey]: lookup?.GSI1SK ?? null,
  });
  const same = sameEmailCondition(oldEmail);
  const moves = oldEmail !== newEmail;
  return [
    step(
      'client',
      {
        Update: {
          TableName: table,
          Key: clientKey(tenantId, clientId),
          ...parts,
          ConditionExpression: same.ConditionExpression,
          ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ...same.values },
        },
      },
      answers.changed,
    ),
    ...(moves && newEmail ? [clientEmailPut(table, tenantId, clientId, newEmail, answers.emailTaken)] : []),
    ...(moves && oldEmail ? [clientEmailDelete(table, tenantId, oldEmail)] : []),
  ];
}

/** The client deleted on condition its email is the one read, its email item and its place in `maxClients` given back. */
export function clientRemovalSteps(
  table: string,
  tenantId: string,
  clientId: string,
  email: string | undefined,
  changed: Answer,
): Step[] {
  const same = sameEmailCondition(email);
  return [
    step(
      'client',
      {
        Delete: {
          TableName: table,
          Key: clientKey(tenantId, clientId),
          ConditionExpression: same.ConditionExpression,
          ...(email ? { ExpressionAttributeValues: same.values } : {}),
        },
      },
      changed,
    ),
    clientCountReturned(tenantId),
    ...(email ? [clientEmailDelete(table, tenantId, email)] : []),
  ];
}
