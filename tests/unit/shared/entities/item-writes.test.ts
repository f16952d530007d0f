import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appointmentChangeStep,
  appointmentErasureStep,
  manageTokenHashAdded,
} from '../../../../functions/shared/entities/appointment';
import { bookerPlaceTaken } from '../../../../functions/shared/entities/booker';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import { emailOwner, keyedEmailCopySteps } from '../../../../functions/shared/entities/client';
import { outboxErase } from '../../../../functions/shared/entities/outbox';
import { pendingHoldAdded } from '../../../../functions/shared/entities/pending-holds';
import { reminderSentKey, reminderSentPut } from '../../../../functions/shared/entities/reminder-sent';
import { ownerCountUpdate } from '../../../../functions/shared/entities/salon';
import { staffDelete, staffPatch } from '../../../../functions/shared/entities/staff';
import { TABLE } from '../../../../functions/shared/db/table';

const key = { PK: 'TENANT#t', SK: 'X' };
const fails = () => undefined;

describe('an appointment change: the one write of an existing appointment', () => {
  it('sets fields, removes nulls and moves the version, on the version read', () => {
    const { item, name } = appointmentChangeStep('T', key, 3, { status: 'cancelled', notes: null }, fails);
    expect(name).toBe('appointment');
    const u = item.Update;
    expect(u?.ConditionExpression).toBe('version = :read');
    expect(u?.ExpressionAttributeValues).toMatchObject({ ':read': 3 });
    expect(Object.values(u?.ExpressionAttributeValues ?? {})).toEqual(expect.arrayContaining(['cancelled', 4]));
    expect(u?.UpdateExpression).toMatch(/^SET .* REMOVE #\w+$/);
    expect(Object.values(u?.ExpressionAttributeNames ?? {})).toEqual(expect.arrayContaining(['status', 'notes', 'version']));
  });

  it('ANDs a further condition, with its names and values', () => {
    const u = appointmentChangeStep('T', key, 1, { status: 'expired' }, fails, {
      expression: '#s = :pending',
      names: { '#s': 'status' },
      values: { ':pending': 'pending' },
    }).item.Update;
    expect(u?.ConditionExpression).toBe('version = :read AND #s = :pending');
    expect(u?.ExpressionAttributeValues).toMatchObject({ ':read': 1, ':pending': 'pending' });
  });

  it('an erasure marks the appointment and removes only the personal fields it holds', () => {
    const u = appointmentErasureStep('T', key, ['notes', 'bookerKey'], fails).item.Update;
    expect(u?.UpdateExpression).toBe('SET #erased = :true ADD #version :one REMOVE #p0, #p1');
    expect(u?.ExpressionAttributeNames).toMatchObject({ '#p0': 'notes', '#p1': 'bookerKey' });
    expect(appointmentErasureStep('T', key, [], fails).item.Update?.UpdateExpression).toBe(
      'SET #erased = :true ADD #version :one',
    );
  });
});

describe('the salon’s owner count', () => {
  it('moves by the delta on the writer’s own condition, whose values it keeps', () => {
    const u = ownerCountUpdate('T', 't', -1, {
      ConditionExpression: 'ownerCount > :one',
      ExpressionAttributeValues: { ':one': 1 },
    }).Update;
    expect(u).toMatchObject({
      Key: { PK: 'TENANT#t', SK: 'SALON' },
      UpdateExpression: 'ADD ownerCount :delta',
      ConditionExpression: 'ownerCount > :one',
      ExpressionAttributeValues: { ':one': 1, ':delta': -1 },
    });
  });
});

describe('a booker’s place', () => {
  it('the first booking creates the item; later ones rewrite the open map on the version read', () => {
    const first = bookerPlaceTaken('T', key, undefined, [], 'a1', '2031-01-01T10:00:00.000Z', fails).item;
    expect(first.Put?.Item).toMatchObject({ open: { a1: '2031-01-01T10:00:00.000Z' }, version: 1 });
    expect(first.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    const next = bookerPlaceTaken('T', key, { version: 2, open: {} }, [['a1', 'e1']], 'a2', 'e2', fails).item.Update;
    expect(next?.ConditionExpression).toBe('version = :read');
    expect(next?.ExpressionAttributeValues).toEqual({ ':open': { a1: 'e1', a2: 'e2' }, ':next': 3, ':read': 2 });
  });
});

describe('a day’s pending holds', () => {
  const until = '2031-01-01T10:00:00.000Z';

  it('a first hold creates the day, and adds itself to it if another booking created it first', () => {
    const s = pendingHoldAdded('T', key, undefined, { read: 0, live: [], max: 3 }, 'a1', until, fails);
    expect(s.item.Put?.Item).toMatchObject({ holds: { a1: until }, version: 1 });
    expect(s.orElse?.Update?.ConditionExpression).toBe('size(holds) < :max');
  });

  it('adds on the map’s size while it has room, expired holds counted, without the version', () => {
    const s = pendingHoldAdded(
      'T',
      key,
      { version: 5, holds: {} },
      { read: 2, live: [['x', until]], max: 3 },
      'a1',
      until,
      fails,
    );
    expect(s.item.Update?.UpdateExpression).toBe('SET holds.#id = :until ADD version :one');
    expect(s.item.Update?.ExpressionAttributeValues).toMatchObject({ ':max': 3 });
  });

  it('rewrites the live holds on the version read only when expired ones must go', () => {
    const s = pendingHoldAdded(
      'T',
      key,
      { version: 5, holds: {} },
      { read: 3, live: [['x', until]], max: 3 },
      'a1',
      until,
      fails,
    );
    expect(s.item.Update?.ConditionExpression).toBe('version = :read');
    expect(s.item.Update?.ExpressionAttributeValues).toEqual({ ':holds': { x: until, a1: until }, ':next': 6, ':read': 5 });
  });
});

describe('a message’s erasure', () => {
  it('blanks recipient and data; suppresses an unsent message on the status read, a sent one is left as it is', () => {
    const sent = outboxErase('T', key, 'sent', 'erased').Update;
    expect(sent.ConditionExpression).toBe('attribute_exists(PK)');
    expect(sent.UpdateExpression).toBe('SET #to = :to, #data = :data, erased = :true');
    for (const status of ['queued', 'parked']) {
      const unsent = outboxErase('T', key, status, 'erased').Update;
      expect(unsent.ConditionExpression).toBe('attribute_exists(PK) AND #status = :read');
      expect(unsent.ExpressionAttributeValues).toMatchObject({ ':to': 'erased', ':suppressed': 'suppressed', ':read': status });
      expect(unsent.UpdateExpression).toContain('REMOVE #g2pk, #g2sk');
    }
  });
});

describe('the email-index migration’s copy of a client', () => {
  it('keys the client on the email read, and puts the keyed item unless another client holds it', () => {
    const [client, email] = keyedEmailCopySteps('T', 't', 'c1', 'idx', 'sealed');
    expect(client?.item.Update?.ConditionExpression).toBe('email = :was');
    expect(client?.item.Update?.ExpressionAttributeValues).toMatchObject({ ':was': 'sealed' });
    expect(email?.item.Put?.Item).toMatchObject({ clientId: 'c1', indexScheme: 'hmac' });
    expect(email?.item.Put?.ConditionExpression).toBe('attribute_not_exists(PK) OR clientId = :id');
    // Read back, the keyed item names its client; one without is corrupt, not a newcomer.
    expect(emailOwner(email?.item.Put?.Item ?? {})).toBe('c1');
    expect(() => emailOwner({ PK: 'TENANT#t', SK: 'CLIENTEMAIL#idx' })).toThrow(CorruptItemError);
  });
});

describe('a manage token made valid', () => {
  it('appends its SHA-256 (never the token) on the caller’s condition, without moving the version', () => {
    const u = manageTokenHashAdded('T', key, 'tok', fails, {
      expression: '#s = :s',
      names: { '#s': 'status' },
      values: { ':s': 'scheduled' },
    }).item.Update;
    expect(u?.UpdateExpression).toBe('SET manageTokenHashes = list_append(if_not_exists(manageTokenHashes, :none), :hash)');
    expect(u?.ConditionExpression).toBe('#s = :s');
    expect(u?.ExpressionAttributeValues).toEqual({
      ':s': 'scheduled',
      ':none': [],
      ':hash': [createHash('sha256').update('tok').digest('hex')],
    });
  });
});

describe('a staff record’s writes', () => {
  it('patch and delete hold only while the record is linked to the member read, or to none', () => {
    const none = { expression: '', names: {}, values: {} };
    const linked = staffPatch('T', key, { name: 'Alex' }, 'u1', none).Update;
    expect(linked?.ConditionExpression).toBe('attribute_exists(PK) AND userId = :was');
    expect(linked?.ExpressionAttributeValues).toMatchObject({ ':was': 'u1' });
    const proven = staffPatch('T', key, { name: 'Alex' }, undefined, {
      expression: '#p0 = :p0',
      names: { '#p0': 'name' },
      values: { ':p0': 'Al' },
    });
    expect(proven.Update?.ConditionExpression).toBe('attribute_exists(PK) AND attribute_not_exists(userId) AND #p0 = :p0');
    expect(staffDelete('T', key, undefined).Delete).not.toHaveProperty('ExpressionAttributeValues');
    expect(staffDelete('T', key, 'u1').Delete?.ExpressionAttributeValues).toEqual({ ':was': 'u1' });
  });
});

describe('a reminder’s sent marker', () => {
  it('is created once per appointment and offset, and expires 30 days after the start', () => {
    const start = '2026-12-10T09:00:00+01:00';
    const put = reminderSentPut('T', 't', {
      appointmentId: 'a1',
      offset: 'PT24H',
      start,
      channel: 'none',
      sentAt: '2026-12-09T08:00:00.000Z',
    }).Put;
    expect(put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(put?.Item).toMatchObject({ ...reminderSentKey('t', 'a1', 'PT24H'), channel: 'none', start });
    expect(put?.Item?.[TABLE.ttlAttribute]).toBe(Date.parse(start) / 1000 + 30 * 86_400);
    expect(reminderSentKey('t', 'a1', 'PT2H')).not.toEqual(reminderSentKey('t', 'a1', 'PT24H'));
  });
});
