import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { StripeSignatureError, verifiedStripePayload } from '../../../functions/shared/billing/stripe-signature';
import { SIGNATURE_TOLERANCE_SECONDS } from '../../../functions/shared/billing/webhook';

const SECRET = 'whsec_unit_secret';
const NOW_S = 1_800_000_000;
const event = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created', ...extra });
const hmac = (content: string, secret = SECRET) => createHmac('sha256', secret).update(content, 'utf8').digest('hex');
const header = (body: string, { t = NOW_S, secret = SECRET } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: t });

/** What the SDK answers for the same input at the same instant: the event, or that it threw. */
function sdk(payload: Buffer, sig: string, secret: string, nowS = NOW_S): unknown {
  try {
    return Stripe.webhooks.constructEvent(payload, sig, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, nowS * 1000);
  } catch {
    return 'refused';
  }
}
function ours(payload: Buffer, sig: string, secret: string, nowS = NOW_S): unknown {
  try {
    return verifiedStripePayload(payload, sig, secret, SIGNATURE_TOLERANCE_SECONDS, nowS * 1000);
  } catch (err) {
    if (!(err instanceof StripeSignatureError) && !(err instanceof SyntaxError)) throw err;
    return 'refused';
  }
}

describe('verifiedStripePayload', () => {
  it('returns the parsed event for a body signed by the SDK', () => {
    const body = event();
    expect(verifiedStripePayload(Buffer.from(body), header(body), SECRET, 300, NOW_S * 1000)).toEqual(JSON.parse(body));
  });

  it('says why it refuses', () => {
    const body = Buffer.from(event());
    const refusal =
      (sig: string, secret = SECRET, nowS = NOW_S) =>
      () =>
        verifiedStripePayload(body, sig, secret, 300, nowS * 1000);
    expect(refusal(header(event(), { secret: 'whsec_other' }))).toThrow(/matching the expected signature/);
    expect(refusal(header(event()), '  ')).toThrow(/No webhook secret/);
    expect(refusal('v1=abc')).toThrow(/timestamp/);
    expect(refusal(`t=${NOW_S},v0=abc`)).toThrow(/expected scheme/);
    expect(refusal(header(event(), { t: NOW_S - 301 }))).toThrow(/tolerance/);
  });

  it('agrees with the SDK on signed, tampered, stale and malformed inputs', () => {
    const body = event();
    const good = hmac(`${NOW_S}.${body}`);
    const cases: Array<[string, string | Buffer, string, string?, number?]> = [
      ['signed', body, header(body)],
      ['other secret', body, header(body, { secret: 'whsec_other' })],
      ['tampered body', `${body} `, header(body)],
      ['5 min old', body, header(body, { t: NOW_S - 300 })],
      ['5 min and 1 s old', body, header(body, { t: NOW_S - 301 })],
      ['from the future', body, header(body, { t: NOW_S + 3600 })],
      ['second v1 matches', body, `t=${NOW_S},v1=${'0'.repeat(64)},v1=${good}`],
      ['v0 only', body, `t=${NOW_S},v0=${good}`],
      ['no timestamp', body, `v1=${good}`],
      ['empty v1', body, `t=${NOW_S},v1=`],
      ['bare v1', body, `t=${NOW_S},v1`],
      ['spaces around parts', body, `t=${NOW_S}, v1=${good}`],
      ['timestamp with a tail', body, `t=${NOW_S}abc,v1=${good}`],
      ['timestamp not a number', body, `t=abc,v1=${hmac(`NaN.${body}`)}`],
      ['signature with a tail', body, `t=${NOW_S},v1=${good}=x`],
      ['upper-case signature', body, `t=${NOW_S},v1=${good.toUpperCase()}`],
      ['non-ASCII signature', body, `t=${NOW_S},v1=${'é'.repeat(64)}`],
      ['blank secret', body, header(body), ' '],
      ['signed non-JSON', 'not json', header('not json')],
      ['signed thin event', event({ object: 'v2.core.event' }), header(event({ object: 'v2.core.event' }))],
      ['signed null', 'null', header('null')],
      ['signed array', '[1]', header('[1]')],
    ];
    // A BOM and invalid UTF-8 are decoded (BOM dropped, U+FFFD) before signing, as the SDK does.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
    cases.push(['BOM, signed without it', bom, header(body)]);
    const invalid = Buffer.concat([Buffer.from(body.slice(0, -1)), Buffer.from([0xff]), Buffer.from('}')]);
    cases.push(['invalid UTF-8, signed as decoded', invalid, header(new TextDecoder().decode(invalid))]);
    for (const [name, payload, sig, secret = SECRET] of cases) {
      const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      expect([name, ours(bytes, sig, secret)]).toEqual([name, sdk(bytes, sig, secret)]);
    }
    // The cases cover both answers, so agreement is not that of a verifier refusing (or accepting) everything.
    const answers = cases.map(([, p, s, k = SECRET]) => ours(Buffer.isBuffer(p) ? p : Buffer.from(p), s, k));
    expect(answers.filter((a) => a === 'refused').length).toBeGreaterThan(5);
    expect(answers.filter((a) => a !== 'refused').length).toBeGreaterThan(5);
  });
});
