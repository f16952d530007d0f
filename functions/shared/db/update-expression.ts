/**
 * Builds a PATCH's UpdateExpression: a value sets the attribute, `null` removes it, `undefined` leaves it
 * alone. Attribute names are always placeholders, so no field name collides with a reserved word.
 */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export function updateParts(fields: Readonly<Record<string, unknown>>): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  let i = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const n = `#u${i}`;
    names[n] = name;
    if (value === null) removes.push(n);
    else {
      values[`:u${i}`] = value;
      sets.push(`${n} = :u${i}`);
    }
    i++;
  }
  if (sets.length === 0 && removes.length === 0) throw new Error('updateParts: nothing to update');
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** Bookkeeping every write sets: not a value the entry claims, so not proven (two patches of other fields both win). */
const UNPROVEN = new Set(['updatedAt']);

export interface Unchanged {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * The condition that each attribute `fields` sets or removes still holds what `read` had (absent stays
 * absent). Placeholders `#p<i>`/`:p<i>`, apart from the update's own.
 */
export function unchangedSince(read: Readonly<Record<string, unknown>>, fields: Readonly<Record<string, unknown>>): Unchanged {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const terms: string[] = [];
  let i = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || UNPROVEN.has(name)) continue;
    const n = `#p${i}`;
    names[n] = name;
    if (read[name] === undefined) terms.push(`attribute_not_exists(${n})`);
    else {
      values[`:p${i}`] = read[name];
      terms.push(`${n} = :p${i}`);
    }
    i++;
  }
  return { expression: terms.join(' AND '), names, values };
}

/** The item as the Update leaves it: a value set, `null` removed, `undefined` left alone. */
export function patched(
  read: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...read };
  for (const [name, value] of Object.entries(fields)) {
    if (value === null) delete out[name];
    else if (value !== undefined) out[name] = value;
  }
  return out;
}
