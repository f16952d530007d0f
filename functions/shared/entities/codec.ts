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

export function optStr(item: Item, field: string): string | undefined {
  const v = item[field];
  return typeof v === 'string' ? v : undefined;
}

export function bool(item: Item, entity: string, field: string): boolean {
  const v = item[field];
  if (typeof v !== 'boolean') throw new CorruptItemError(entity, field);
  return v;
}

/** An optional number: absent is undefined, present and not a finite number is an error. */
export const optNum = (item: Item, entity: string, field: string): number | undefined =>
  item[field] === undefined ? undefined : num(item, entity, field);

/** One of a closed set of words (a role, a plan, a status). */
export function oneOf<T extends string | number>(values: ReadonlyArray<T>, item: Item, entity: string, field: string): T {
  const v = item[field];
  const found = values.find((x) => x === v);
  if (found === undefined) throw new CorruptItemError(entity, field);
  return found;
}

/** A map (an object, not a list): what a nested attribute of an item is. */
export const isMap = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value that must be a map (an element of a list, a value of a nested map). */
export function asMap(v: unknown, entity: string, field: string): Item {
  if (!isMap(v)) throw new CorruptItemError(entity, field);
  return v;
}

/** A nested map of the item (settings, price, ...). */
export const mapOf = (item: Item, entity: string, field: string): Item => asMap(item[field], entity, field);

/** An optional nested map: absent is undefined, present and not a map is an error. */
export const optMapOf = (item: Item, entity: string, field: string): Item | undefined =>
  item[field] === undefined ? undefined : mapOf(item, entity, field);

/** A list of the item (empty when absent, for lists that older items lack), each element checked by `each`. */
export function listOf<T>(item: Item, entity: string, field: string, each: (value: unknown) => T): T[] {
  const v = item[field];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new CorruptItemError(entity, field);
  return v.map((x) => {
    try {
      return each(x);
    } catch {
      throw new CorruptItemError(entity, field);
    }
  });
}

/** An optional boolean: absent is undefined, present and not a boolean is an error. */
export const optBool = (item: Item, entity: string, field: string): boolean | undefined =>
  item[field] === undefined ? undefined : bool(item, entity, field);
