/**
 * Unsubscribe links: a verified token names one client and one channel of one salon; the preference is
 * read or turned off through that salon's tenant role, and nothing else is touched. A token that does
 * not verify, or names a client that is gone, is 404 (it says nothing about what exists).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { clientKey } from '../db/keys';
import { tenantDbForSignedToken } from '../db/tenant-client';
import { toNotifications, turnNotificationOff } from '../entities/client';
import { NotFoundError } from '../errors';
import { verifyUnsubscribeToken } from '../mail/unsubscribe';
import type { MessageChannel } from './outbox';

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

export async function unsubscribeWithToken(token: string, now = new Date()): Promise<Unsubscription> {
  const t = await target(token);
  const changed = await turnNotificationOff(t.db, tableName(), t.tenantId, t.clientId, t.channel, now.toISOString());
  if (changed === undefined) throw new NotFoundError();
  return { channel: t.channel, subscribed: false, changed };
}
