/** Helpers for closed lists of words (`const` tuples such as ROLES or APPOINTMENT_STATUSES). */

/** Whether a value is one of the list's words; a guard, where `includes` would need the list widened. */
export const isOneOf = <T>(values: ReadonlyArray<T>, value: unknown): value is T => values.some((v) => v === value);

/** A record with one entry per word of the list, the record's type being every word of that list. */
export function recordOf<const K extends string, V>(keys: ReadonlyArray<K>, value: (key: K) => V): Record<K, V> {
  // Sound when K is inferred from `keys` itself (the tuple defines K), so every key is set; Object.fromEntries
  // cannot carry that to its type. Callers pass the list that defines the key type.
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, V>;
}
