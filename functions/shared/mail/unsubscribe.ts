/**
 * One-click unsubscribe tokens (RFC 8058): `<payload>.<mac>`, the payload naming tenant, client and
 * channel, the MAC an HMAC-SHA256 under a secret from config. A token can only ever turn that one
 * preference off for that one client; it expires with nothing (a client may unsubscribe from an old
 * email), and carries nothing secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { messagingConfig, unsubscribeConfig } from '../config';
import { parameter } from '../secrets/parameters';
import type { MessageChannel } from '../entities/outbox';

export interface UnsubscribeTarget {
  tenantId: string;
  clientId: string;
  channel: MessageChannel;
}

const ID = /^[0-9A-Za-z]{1,64}$/;

async function secret(): Promise<string> {
  const { secret, secretParameter } = unsubscribeConfig();
  if (secret) return secret;
  if (secretParameter) return parameter(secretParameter);
  throw new Error('No unsubscribe secret: set UNSUBSCRIBE_SECRET, or UNSUBSCRIBE_SECRET_PARAMETER on AWS');
}

const mac = (key: string, payload: string) => createHmac('sha256', key).update(`unsubscribe:${payload}`).digest();

export async function unsubscribeToken(target: UnsubscribeTarget): Promise<string> {
  const payload = Buffer.from(`${target.tenantId}.${target.clientId}.${target.channel}`).toString('base64url');
  return `${payload}.${mac(await secret(), payload).toString('base64url')}`;
}

export async function unsubscribeUrl(target: UnsubscribeTarget): Promise<string> {
  const base = messagingConfig().publicApiUrl.replace(/\/$/, '');
  return `${base}/v1/public/unsubscribe?token=${await unsubscribeToken(target)}`;
}

/** The target a genuine token names, or undefined for anything else (forged, truncated, malformed). */
export async function verifyUnsubscribeToken(token: string): Promise<UnsubscribeTarget | undefined> {
  const [payload, given, ...rest] = token.split('.');
  if (!payload || !given || rest.length > 0) return undefined;
  const expected = mac(await secret(), payload);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  const [tenantId, clientId, channel, ...extra] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  if (!tenantId || !clientId || extra.length > 0 || !ID.test(tenantId) || !ID.test(clientId)) return undefined;
  if (channel !== 'email' && channel !== 'sms') return undefined;
  return { tenantId, clientId, channel };
}
