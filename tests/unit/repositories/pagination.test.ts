import { describe, expect, it } from 'vitest';
import {
  type CursorRule,
  decodeCursor,
  encodeCursor,
  equals,
  idUnder,
  within,
} from '../../../functions/shared/repositories/pagination';

const PK = 'TENANT#01JABCDEFGHJKMNPQRSTVWXYZ0';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const base: CursorRule = { PK: equals(PK), SK: idUnder('CLIENT#') };
const SORT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9A-Z]{26}$/;
const timeline: CursorRule = {
  PK: equals(PK),
  SK: idUnder('APPT#'),
  GSI1PK: equals(`${PK}#APPTS`),
  GSI1SK: within(SORT, '2031-03-04T00:00:00.000Z', '2031-03-05T00:00:00.000Z'),
};
const appt = {
  PK,
  SK: 'APPT#01JABCDEFGHJKMNPQRSTVWXYZ1',
  GSI1PK: `${PK}#APPTS`,
  GSI1SK: '2031-03-04T09:00:00.000Z#01JABCDEFGHJKMNPQRSTVWXYZ1',
};

const refused = (cursor: string, rule: CursorRule) => {
  try {
    decodeCursor(cursor, rule);
  } catch (err) {
    return (err as { status?: number; code?: string }).status === 400 && (err as { code?: string }).code === 'INVALID_CURSOR';
  }
  return false;
};

describe('cursors', () => {
  it('round-trips the keys a list hands out (positive control)', () => {
    const key = { PK, SK: 'CLIENT#01JABCDEFGHJKMNPQRSTVWXYZ1' };
    expect(decodeCursor(encodeCursor(key) as string, base)).toEqual(key);
    expect(decodeCursor(encodeCursor(appt) as string, timeline)).toEqual(appt);
    expect(decodeCursor(undefined, base)).toBeUndefined();
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', b64('nope')],
    ['an array', b64([PK])],
    ['null', b64('null')],
    ['a string', b64('"x"')],
    ['too long', 'A'.repeat(2049)],
    ['a foreign sort-key prefix', b64({ PK, SK: 'ZZZZ' })],
    ['the prefix alone', b64({ PK, SK: 'CLIENT#' })],
    ['a separator after the prefix', b64({ PK, SK: 'CLIENT#x#y' })],
    ['another partition', b64({ PK: 'TENANT#B', SK: 'CLIENT#x' })],
    ['a missing attribute', b64({ SK: 'CLIENT#x' })],
    ['an extra attribute', b64({ PK, SK: 'CLIENT#x', GSI1PK: 'x' })],
    ['an attribute renamed', b64({ PK, sk: 'CLIENT#x' })],
    ['a number', b64({ PK, SK: 7 })],
    ['DynamoDB JSON', b64({ PK: { S: PK }, SK: { S: 'CLIENT#x' } })],
    ['a prototype key', Buffer.from(`{"PK":"${PK}","__proto__":"CLIENT#x"}`).toString('base64url')],
    ['a constructor key', b64({ PK, constructor: 'CLIENT#x' })],
  ])('refuses %s on a base-table list', (_name, cursor) => {
    expect(refused(cursor, base)).toBe(true);
  });

  it.each([
    ['base keys only', b64({ PK: appt.PK, SK: appt.SK })],
    ['another index', b64({ PK: appt.PK, SK: appt.SK, GSI2PK: appt.GSI1PK, GSI2SK: appt.GSI1SK })],
    ['a sort key before the range', b64({ ...appt, GSI1SK: '2031-03-03T23:59:59.999Z#01JABCDEFGHJKMNPQRSTVWXYZ1' })],
    ['a sort key after the range', b64({ ...appt, GSI1SK: '2031-03-05T00:00:00.001Z#01JABCDEFGHJKMNPQRSTVWXYZ1' })],
    ['a malformed sort key', b64({ ...appt, GSI1SK: '2031-03-04T09:00:00Z#x' })],
    ['a base sort key of another entity', b64({ ...appt, SK: 'CLIENT#01JABCDEFGHJKMNPQRSTVWXYZ1' })],
  ])('refuses %s on an index list', (_name, cursor) => {
    expect(refused(cursor, timeline)).toBe(true);
  });

  it('hands back a plain object, whatever the names', () => {
    const key = decodeCursor(b64({ PK, SK: 'CLIENT#x' }), base);
    expect(Object.getPrototypeOf(key)).toBe(Object.prototype);
  });
});
