/**
 * Opaque list cursors (DynamoDB's LastEvaluatedKey, base64url). A cursor is checked on the way back
 * in against the list that reads it: exactly the key attributes that list's LastEvaluatedKey has, each
 * a string of the list's own partition and sort-key range. A forged, foreign or replayed cursor is a
 * 400 INVALID_CURSOR, never a read elsewhere nor a DynamoDB ValidationException (500).
 */
import { ValidationError } from '../errors';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A page read through a filter (db/read.ts `queryFilledPage`): full unless `partial`, which says the
 * server stopped at its bound of reads; `nextCursor` is null only at the end either way.
 */
export interface FilteredPage<T> extends Page<T> {
  partial: boolean;
}

export const PAGE_SIZE = { default: 50, max: 100 } as const;

/** Longer than any key we hand out (a few hundred characters); checked before decoding. */
export const MAX_CURSOR_LENGTH = 2048;

/** What one key attribute of a cursor must be. */
export type KeyRule = (value: string) => boolean;

/**
 * A list's cursor shape: every attribute its LastEvaluatedKey has (base table PK/SK, plus the index's
 * keys for an index query), no more, no less.
 */
export type CursorRule = Readonly<Record<string, KeyRule>>;

export const equals =
  (expected: string): KeyRule =>
  (value) =>
    value === expected;

/** `<prefix><one key part>`: an item id under the list's prefix (no separator, so no other key space). */
export const idUnder =
  (prefix: string): KeyRule =>
  (value) =>
    value.length > prefix.length && value.length <= 512 && value.startsWith(prefix) && !value.includes('#', prefix.length);

/** Any value between `min` and `max` (inclusive, string order), when they are given, and well formed. */
export const within =
  (shape: RegExp, min?: string, max?: string): KeyRule =>
  (value) =>
    shape.test(value) && (min === undefined || value >= min) && (max === undefined || value <= max);

/** The key attributes a cursor of `rule` holds, taken from an item of that list (a page cut after it). */
export const keyUnder = (rule: CursorRule, item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.keys(rule).map((k) => [k, item[k]]));

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export class InvalidCursorError extends ValidationError {
  constructor() {
    super(
      'The cursor is not valid for this list; start again without it.',
      [{ in: 'query', path: 'cursor', message: 'Invalid cursor' }],
      'INVALID_CURSOR',
    );
  }
}

/** The start key a cursor names, when it fits `rule` exactly; else InvalidCursorError. */
export function decodeCursor(cursor: string | undefined, rule: CursorRule): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursorError();
  const entries = Object.entries(key);
  const expected = Object.keys(rule);
  if (entries.length !== expected.length) throw new InvalidCursorError();
  const start: Record<string, string> = Object.create(null);
  for (const [name, value] of entries) {
    const check = Object.hasOwn(rule, name) ? rule[name] : undefined;
    if (!check || typeof value !== 'string' || !check(value)) throw new InvalidCursorError();
    start[name] = value;
  }
  return { ...start };
}
