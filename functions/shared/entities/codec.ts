/**
 * Strict hand-written item checks for entity codecs: a field an item must have and lacks (or holds with
 * the wrong type) is an error naming the entity and the field, never `"undefined"` or NaN passed on.
 * Plain checks rather than zod: these run in the booking functions, whose bundles stay small.
 */
export class CorruptItemError extends Error {
  constructor(entity: string, field: string) {
    super(`A stored ${entity} item has no valid ${field}`);
    this.name = 'CorruptItemError';
  }
}

export type Item = Readonly<Record<string, unknown>>;

export function str(item: Item, entity: string, field: string): string {
  const v = item[field];
  if (typeof v !== 'string') throw new CorruptItemError(entity, field);
  return v;
}

export function num(item: Item, entity: string, field: string): number {
  const v = item[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CorruptItemError(entity, field);
  return v;
}

export const optStr = (item: Item, field: string): string | undefined =>
  typeof item[field] === 'string' ? (item[field] as string) : undefined;
