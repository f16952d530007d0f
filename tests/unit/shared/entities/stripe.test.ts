import { describe, expect, it } from 'vitest';
import { TABLE } from '../../../../functions/shared/db/table';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import { publicRateKey, publicWriteCounted } from '../../../../functions/shared/entities/public-rate';
import {
  salonBillingMarks,
  salonPurgedDelete,
  slugKey,
  slugRelease,
  slugTenant,
  tenantMetaKey,
} from '../../../../functions/shared/entities/salon';
import {
  EVENT_RETENTION_DAYS,
  customerTenant,
  stripeCustomerKey,
  stripeCustomerLink,
  stripeEventKey,
  stripeCustomerUnlink,
  stripeEventPut,
} from '../../../../functions/shared/entities/stripe';

const now = new Date('2026-12-01T10:00:00.000Z');

describe('Stripe’s items outside the tenants', () => {
  it('an event is recorded once, with its salon, and kept past Stripe’s manual resends', () => {
    const put = stripeEventPut('T', { eventId: 'evt_1', eventType: 'invoice.paid', eventCreatedAt: 1, tenantId: 't' }, now).Put;
    expect(put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(put?.Item).toMatchObject({ ...stripeEventKey('evt_1'), tenantId: 't', appliedAt: now.toISOString() });
    expect(put?.Item?.[TABLE.ttlAttribute]).toBe(now.getTime() / 1000 + EVENT_RETENTION_DAYS * 86_400);
    expect(EVENT_RETENTION_DAYS).toBeGreaterThanOrEqual(30);
  });

  it('a customer is linked to one salon, and the link is never re-pointed', () => {
    const u = stripeCustomerLink('T', 'cus_1', 't', now).Update;
    expect(u?.Key).toEqual(stripeCustomerKey('cus_1'));
    expect(u?.ConditionExpression).toBe('attribute_not_exists(PK) OR tenantId = :t');
    expect(u?.ExpressionAttributeValues).toMatchObject({ ':t': 't', ':c': 'cus_1' });
    expect(customerTenant({ tenantId: 't' })).toBe('t');
    expect(() => customerTenant({ tenantId: 7 })).toThrow(CorruptItemError);
  });

  it('a skipped change is weighed on the salon’s customer and last event time, when it has them', () => {
    expect(salonBillingMarks({ stripeCustomerId: 'cus_1', lastBillingEventAt: 5 })).toEqual({
      stripeCustomerId: 'cus_1',
      lastBillingEventAt: 5,
    });
    expect(salonBillingMarks({})).toEqual({ stripeCustomerId: undefined, lastBillingEventAt: undefined });
    expect(() => salonBillingMarks({ lastBillingEventAt: 'soon' })).toThrow(CorruptItemError);
  });

  it('the purge frees a slug and a customer only while they still name the salon', () => {
    expect(slugRelease('T', 'zen', 't')).toEqual({
      TableName: 'T',
      Key: slugKey('zen'),
      ConditionExpression: 'tenantId = :id',
      ExpressionAttributeValues: { ':id': 't' },
    });
    expect(slugTenant({ ...slugKey('zen'), entity: 'slug', tenantId: 't' })).toBe('t');
    expect(slugTenant({ ...slugKey('zen'), entity: 'client', tenantId: 't' })).toBeUndefined();
    expect(slugTenant(undefined)).toBeUndefined();
    expect(() => slugTenant({ entity: 'slug' })).toThrow(CorruptItemError);
    expect(stripeCustomerUnlink('T', 'cus_1', 't')).toMatchObject({
      Key: stripeCustomerKey('cus_1'),
      ConditionExpression: 'tenantId = :id',
      ExpressionAttributeValues: { ':id': 't' },
    });
  });

  it('the purge’s last delete takes the salon item only while it is a deleted salon, or already gone', () => {
    expect(salonPurgedDelete('T', 't')).toEqual({
      TableName: 'T',
      Key: tenantMetaKey('t'),
      ConditionExpression: 'attribute_not_exists(PK) OR attribute_exists(deletedAt)',
    });
  });
});

describe('a public write window', () => {
  it('counts a write under the budget, per address and window, and expires after the next window', () => {
    const u = publicWriteCounted('T', 'h', 100, 600, 20);
    expect(u.Key).toEqual(publicRateKey('h', '100'));
    expect(u.ConditionExpression).toBe('attribute_not_exists(#n) OR #n < :max');
    expect(u.ExpressionAttributeValues).toMatchObject({ ':max': 20, ':expires': 102 * 600 });
  });
});
