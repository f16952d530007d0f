/**
 * Builds a PATCH's UpdateExpression: a value sets the attribute, `null` removes it, `undefined` leaves it
 * alone. Attribute names are always placeholders, so no field name collides with a reserved word. A
 * dotted name is a path into maps (`settings.timezone`): our attribute names never contain a dot.
 */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** The placeholder path of `name` (`#u0`, or `#u0_0.#u0_1` for a dotted one), its names added to `names`. */
function placeholder(name: string, tag: string, names: Record<string, string>): string {
  const parts = name.split('.');
  if (parts.length === 1) {
    names[tag] = name;
    return tag;
  }
  return parts
    .map((part, j) => {
      names[`${tag}_${j}`] = part;
      return `${tag}_${j}`;
    })
    .join('.');
}

/** The value at a (dotted) name of an item. */
export function valueAt(item: Readonly<Record<string, unknown>>, name: string): unknown {
  let v: unknown = item;
  for (const part of name.split('.'))
    v = typeof v === 'object' && v !== null && Object.hasOwn(v, part) ? Reflect.get(v, part) : undefined;
  return v;
}

export function updateParts(fields: Readonly<Record<string, unknown>>): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  let i = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const n = placeholder(name, `#u${i}`, names);
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
    const n = placeholder(name, `#p${i}`, names);
    const was = valueAt(read, name);
    if (was === undefined) terms.push(`attribute_not_exists(${n})`);
    else {
      values[`:p${i}`] = was;
      terms.push(`${n} = :p${i}`);
    }
    i++;
  }
  return { expression: terms.join(' AND '), names, values };
}

/** The item as the Update leaves it: a value set, `null` removed, `undefined` left alone (maps copied on the way). */
export function patched(
  read: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...read };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const parts = name.split('.');
    const last = parts.pop() ?? name;
    let at = out;
    for (const part of parts) {
      const inner = at[part];
      const copy: Record<string, unknown> = typeof inner === 'object' && inner !== null ? { ...inner } : {};
      at[part] = copy;
      at = copy;
    }
    if (value === null) delete at[last];
    else at[last] = value;
  }
  return out;
}
