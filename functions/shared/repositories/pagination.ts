/**
 * Opaque list cursors (DynamoDB's LastEvaluatedKey, base64url). A cursor is checked on the way back
 * in: string attributes only, and its partition key must be the caller's own, so a forged or replayed
 * cursor is a 400, never a read elsewhere nor a 500.
 */
import { ValidationError } from '../errors';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const PAGE_SIZE = { default: 50, max: 100 } as const;

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  expected: { attribute: string; value: string },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      key &&
      typeof key === 'object' &&
      !Array.isArray(key) &&
      Object.keys(key).length <= 4 &&
      Object.values(key).every((v) => typeof v === 'string' && v.length <= 1024) &&
      (key as Record<string, string>)[expected.attribute] === expected.value
    ) {
      return key as Record<string, string>;
    }
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not valid for this list.', [
    { in: 'query', path: 'cursor', message: 'Invalid cursor' },
  ]);
}
