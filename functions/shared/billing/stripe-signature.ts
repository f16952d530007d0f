/**
 * Stripe's webhook signature check (https://docs.stripe.com/webhooks/signature) as the SDK's
 * `webhooks.constructEvent` does it, without importing the SDK: the webhook's bundle would otherwise
 * carry the whole API client (about 300 KB) and define its ~270 resources at every cold start, to
 * compute one HMAC. Same steps: the body decoded as UTF-8, the header's `t` and `v1` parts read the
 * SDK's way, HMAC-SHA256 of `${t}.${body}` compared in constant time with each `v1`, an age of at most
 * `toleranceSeconds`, then the JSON parsed and a thin (v2) event notification refused.
 * tests/unit/billing/stripe-signature.test.ts holds it to the SDK's answer on signed and tampered inputs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a payload was refused; the webhook logs the message and answers one 400 whatever it is. */
export class StripeSignatureError extends Error {}

/** The SDK's `parseHeader`: `parseInt` on `t` (so `t=12abc` reads 12), every `v1` kept in order. */
function parseHeader(header: string): { timestamp: number; signatures: Array<string | undefined> } {
  let timestamp = -1;
  const signatures: Array<string | undefined> = [];
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value as string, 10);
    if (key === 'v1') signatures.push(value);
  }
  return { timestamp, signatures };
}

function sameSignature(expected: Buffer, candidate: string | undefined): boolean {
  if (!candidate) return false;
  const given = Buffer.from(candidate, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The parsed JSON of a payload whose `stripe-signature` header is valid for `secret`; throws
 * StripeSignatureError (or the JSON SyntaxError) otherwise. `nowMs` is for tests.
 */
export function verifiedStripePayload(
  payload: Uint8Array,
  header: string,
  secret: string,
  toleranceSeconds: number,
  nowMs: number = Date.now(),
): unknown {
  // TextDecoder, as the SDK: invalid bytes become U+FFFD and a leading BOM is dropped before signing.
  const body = new TextDecoder('utf8').decode(payload);
  const { timestamp, signatures } = parseHeader(header);
  if (timestamp === -1) throw new StripeSignatureError('Unable to extract timestamp and signatures from header');
  if (signatures.length === 0) throw new StripeSignatureError('No signatures found with expected scheme');
  if (/^[ \t\r\n\f\v]*$/.test(secret)) throw new StripeSignatureError('No webhook secret value was provided');
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex'), 'utf8');
  if (!signatures.some((candidate) => sameSignature(expected, candidate))) {
    throw new StripeSignatureError('No signatures found matching the expected signature for payload');
  }
  if (toleranceSeconds > 0 && Math.floor(nowMs / 1000) - timestamp > toleranceSeconds) {
    throw new StripeSignatureError('Timestamp outside the tolerance zone');
  }
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed === 'object' && parsed !== null && (parsed as { object?: unknown }).object === 'v2.core.event') {
    throw new StripeSignatureError('A thin event notification was sent to a webhook that expects snapshot events');
  }
  return parsed;
}
