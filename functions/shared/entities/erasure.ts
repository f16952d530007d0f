/**
 * A client's erasure (`ERASURE#<clientId>`): the resumable sequence's state. Created in the erasure's
 * first transaction, moved on by one page step per transaction (conditioned on the page counter read,
 * so two runners never apply a page twice), and once done it keeps only ids, dates and counts: the
 * person's contacts, sealed under the salon key while phases still need them, are removed.
 */
import type { FieldCipher } from '../crypto/fields';
import { type ItemKey, erasureKey } from '../db/keys';
import { TABLE } from '../db/table';
import { StaleReadError, type Step, step } from '../db/transact';
import { ERASURE_PHASES, type ErasureAnswer, type ErasureCounts, type ErasurePhase, NO_COUNTS } from '../domain/client-rights';
import { CorruptItemError, type Item, isMap, num, oneOf, optNum, optStr, str } from './codec';

export { erasureKey };

const E = 'erasure';
const contactsRef = (clientId: string) => ({ entity: E, id: clientId, field: 'contacts' });

export interface Erasure {
  clientId: string;
  state: 'erasing' | 'erased';
  phase: ErasurePhase;
  page: number;
  cursor: Record<string, unknown> | undefined;
  /** The person's email and phone, sealed, while phases still need them. */
  contacts: string | undefined;
  requestedAt: string;
  erasedAt: string | undefined;
  counts: ErasureCounts;
}

/** The saved page cursor (a key, stored as JSON). */
function cursorOf(json: string): Record<string, unknown> {
  const key: unknown = JSON.parse(json);
  if (!isMap(key)) throw new CorruptItemError(E, 'cursor');
  return key;
}

/** The erasure as stored, or undefined for an item that is not one. */
export function toErasure(item: Item | undefined): Erasure | undefined {
  if (item?.[TABLE.entityAttribute] !== E) return undefined;
  const cursor = optStr(item, 'cursor');
  const counts = isMap(item.counts) ? item.counts : {};
  const count = (k: keyof ErasureCounts) => optNum(counts, E, k) ?? 0;
  return {
    clientId: str(item, E, 'clientId'),
    state: oneOf(['erasing', 'erased'] as const, item, E, 'state'),
    phase: oneOf(ERASURE_PHASES, item, E, 'phase'),
    page: num(item, E, 'page'),
    cursor: cursor === undefined ? undefined : cursorOf(cursor),
    contacts: optStr(item, 'contacts'),
    requestedAt: str(item, E, 'requestedAt'),
    erasedAt: optStr(item, 'erasedAt'),
    counts: {
      appointments: count('appointments'),
      files: count('files'),
      messages: count('messages'),
      records: count('records'),
    },
  };
}

export const erasureAnswer = (e: Erasure): ErasureAnswer => ({
  clientId: e.clientId,
  state: e.state,
  requestedAt: e.requestedAt,
  ...(e.erasedAt ? { erasedAt: e.erasedAt } : {}),
  counts: e.counts,
});

export interface Contacts {
  email: string | undefined;
  phone: string | undefined;
}

/** The contacts the erasure keeps while it runs (none once done). */
export function erasureContacts(cipher: FieldCipher, e: Erasure): Contacts {
  if (e.contacts === undefined) return { email: undefined, phone: undefined };
  const opened: unknown = JSON.parse(cipher.decrypt(contactsRef(e.clientId), e.contacts));
  if (!Array.isArray(opened)) throw new CorruptItemError(E, 'contacts');
  // JSON writes an absent one as null.
  const at = (i: number): string | undefined => {
    const v: unknown = opened[i];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new CorruptItemError(E, 'contacts');
    return v;
  };
  return { email: at(0), phone: at(1) };
}

/** Starts the erasure at its first phase; fails when another call started it meanwhile. */
export function erasureStart(
  table: string,
  tenantId: string,
  start: { clientId: string; contacts: Contacts; cipher: FieldCipher; requestedBy: string; now: string },
): Step {
  const { clientId, contacts } = start;
  return step(
    'erasure',
    {
      Put: {
        TableName: table,
        Item: {
          ...erasureKey(tenantId, clientId),
          [TABLE.entityAttribute]: E,
          clientId,
          erased: true,
          state: 'erasing',
          phase: ERASURE_PHASES[0],
          page: 0,
          contacts: start.cipher.encrypt(contactsRef(clientId), JSON.stringify([contacts.email, contacts.phone])),
          requestedAt: start.now,
          requestedBy: start.requestedBy,
          counts: { ...NO_COUNTS },
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    () => new StaleReadError(E),
  );
}

/**
 * A page's step: the page counter still the one read (else another runner did this page), then the
 * next cursor or phase and the counts added; at the end the state, the date, and the contacts removed.
 */
export function erasureProgress(
  table: string,
  key: ItemKey,
  e: Erasure,
  next: { phase: ErasurePhase; cursor?: Record<string, unknown> },
  add: Partial<ErasureCounts>,
  now = new Date(),
): Step {
  const sets = ['#page = :next', '#phase = :phase'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':read': e.page, ':next': e.page + 1, ':phase': next.phase };
  const names: Record<string, string> = { '#page': 'page', '#phase': 'phase' };
  if (next.cursor) {
    sets.push('#cursor = :cursor');
    values[':cursor'] = JSON.stringify(next.cursor);
  } else removes.push('#cursor');
  names['#cursor'] = 'cursor';
  for (const [k, n] of Object.entries(add)) {
    if (!n) continue;
    names['#counts'] = 'counts';
    names[`#${k}`] = k;
    values[`:${k}`] = (e.counts[k as keyof ErasureCounts] ?? 0) + n;
    sets.push(`#counts.#${k} = :${k}`);
  }
  if (next.phase === 'done') {
    sets.push('#state = :erased', 'erasedAt = :at');
    names['#state'] = 'state';
    values[':erased'] = 'erased';
    values[':at'] = now.toISOString();
    removes.push('contacts');
  }
  return step(
    'erasure',
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#page = :read',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    () => new StaleReadError(E),
  );
}
