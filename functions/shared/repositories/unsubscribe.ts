/**
 * Unsubscribe links: a verified token names one client and one channel of one salon; the preference is
 * read or turned off through that salon's tenant role, and nothing else is touched. A token that does
 * not verify, or names a client that is gone, is 404 (it says nothing about what exists).
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { clientKey, tenantMetaKey } from '../db/keys';
import { tenantDbForSignedToken } from '../db/tenant-client';
import { toNotifications, turnNotificationOff } from '../entities/client';
import { salonName, salonSettings } from '../entities/salon';
import { systemOrigin } from '../entities/audit';
import type { RequestMeta } from '../domain/tenant-context';
import { NotFoundError } from '../errors';
import { verifyUnsubscribeToken } from '../mail/unsubscribe';
import type { MessageChannel } from '../entities/outbox';

export interface Unsubscription {
  channel: MessageChannel;
  subscribed: boolean;
  changed: boolean;
}

async function target(token: string) {
  const t = await verifyUnsubscribeToken(token);
  if (!t) throw new NotFoundError();
  return { ...t, db: tenantDbForSignedToken({ tenantId: t.tenantId, verified: true }) };
}

export async function unsubscriptionState(token: string): Promise<Unsubscription> {
  const t = await target(token);
  const out = await t.db.send(new GetCommand({ TableName: tableName(), Key: clientKey(t.tenantId, t.clientId) }));
  if (out.Item?.entity !== 'client') throw new NotFoundError();
  return { channel: t.channel, subscribed: toNotifications(out.Item.notifications)[t.channel], changed: false };
}

export interface UnsubscriptionView extends Unsubscription {
  salonName: string;
  salonLocale: string;
}

/** The state with what a page shows about the salon (its name, its locale): one BatchGet. */
export async function unsubscriptionView(token: string): Promise<UnsubscriptionView> {
  const t = await target(token);
  const table = tableName();
  const keys = [clientKey(t.tenantId, t.clientId), tenantMetaKey(t.tenantId)];
  const out = await t.db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
  if (Object.keys(out.UnprocessedKeys ?? {}).length) throw new Error('BatchGet left keys unprocessed');
  const items = out.Responses?.[table] ?? [];
  const client = items.find((i) => i.SK === keys[0]?.SK);
  const salon = items.find((i) => i.SK === keys[1]?.SK);
  if (client?.entity !== 'client' || !salon) throw new NotFoundError();
  return {
    channel: t.channel,
    subscribed: toNotifications(client.notifications)[t.channel],
    changed: false,
    salonName: salonName(salon),
    salonLocale: salonSettings(salon).locale,
  };
}

/** Turns the channel off; the change's audit entry names the link's request (actor `public`). */
export async function unsubscribeWithToken(token: string, now = new Date(), request?: RequestMeta): Promise<Unsubscription> {
  const t = await target(token);
  const origin = systemOrigin(t.tenantId, 'public', { request });
  const changed = await turnNotificationOff(t.db, tableName(), t.tenantId, t.clientId, t.channel, now.toISOString(), origin);
  if (changed === undefined) throw new NotFoundError();
  return { channel: t.channel, subscribed: false, changed };
}
