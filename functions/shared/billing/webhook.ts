/**
 * The Stripe webhook's two steps: verify the signature over the raw body (nothing reads the body
 * before), then apply what the event means to its salon. Unknown event types and unknown salons are
 * answered 2xx and logged (a retry would not change them); failures of ours throw, so Stripe retries.
 */
import type Stripe from 'stripe';
import { billingConfig } from '../config';
import { isMap } from '../entities/codec';
import { ValidationError, errorParts } from '../errors';
import { logger } from '../logger';
import { type Outcome, applyBillingChange, tenantForCustomer } from '../repositories/stripe-events';
import { verifiedStripePayload } from './stripe-signature';
import { readStripeEvent } from './stripe-events';

/** Stripe's default: a signature older than 5 minutes is refused (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function verifyStripeEvent(payload: Buffer | undefined, signature: string | undefined, secret: string): Stripe.Event {
  if (!signature) throw new ValidationError('The Stripe-Signature header is missing.', undefined, 'INVALID_SIGNATURE');
  if (!payload?.length) throw new ValidationError('The request has no body to verify.', undefined, 'INVALID_SIGNATURE');
  let event: unknown;
  try {
    event = verifiedStripePayload(payload, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (err) {
    // Wrong secret, tampered body, stale or malformed header: one answer, the reason only in our logs.
    logger.warn('Stripe signature refused', { reason: errorParts(err).message });
    throw new ValidationError('The Stripe signature does not match this body.', undefined, 'INVALID_SIGNATURE');
  }
  // Signed JSON that is no event at all (an array, a string, no id or type) cannot even be acknowledged as one.
  if (!isEventShaped(event)) throw new ValidationError('The body is not a Stripe event.', undefined, 'INVALID_EVENT');
  return event;
}

/** Event ids become key parts (`STRIPE_EVENT#<id>`): Stripe's own alphabet only. */
const EVENT_ID = /^[A-Za-z0-9_]{1,255}$/;

function isEventShaped(value: unknown): value is Stripe.Event {
  if (!isMap(value)) return false;
  const { id, type } = value;
  return typeof id === 'string' && EVENT_ID.test(id) && typeof type === 'string' && type.length > 0 && type.length <= 255;
}

export interface EventResult {
  outcome: Outcome | 'ignored';
  /** Why, for an ignored event. */
  ignored?: string;
}

export async function handleStripeEvent(event: Stripe.Event): Promise<EventResult> {
  const { priceStarter, priceProfessional, priceEnterprise } = billingConfig();
  const reading = readStripeEvent(event, { starter: priceStarter, professional: priceProfessional, enterprise: priceEnterprise });
  const base = { eventId: event.id, eventType: event.type };
  if ('ignore' in reading) {
    logger.info('Stripe event ignored', { ...base, reason: reading.ignore });
    return { outcome: 'ignored', ignored: reading.ignore };
  }
  const { change } = reading;
  const tenantId = change.tenantId ?? (await tenantForCustomer(change.customerId));
  if (!tenantId) {
    logger.warn('Stripe event for no known salon', { ...base, customerId: change.customerId });
    return { outcome: 'unknown-tenant' };
  }
  if (change.unknownPriceId) {
    logger.error('Stripe price maps to no plan: the plan is left unchanged (set STRIPE_PRICE_*)', {
      ...base,
      tenantId,
      priceId: change.unknownPriceId,
    });
  }
  const { outcome } = await applyBillingChange(change, tenantId, change.tenantId !== undefined);
  const details = { ...base, tenantId, outcome, subscriptionId: change.subscriptionId, ...change.set };
  if (outcome === 'applied') logger.info('billing change applied', details);
  else if (outcome === 'unknown-tenant' || outcome === 'foreign-customer') logger.warn('billing change refused', details);
  else logger.info('billing change skipped', details);
  return { outcome };
}
