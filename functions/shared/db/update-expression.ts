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
