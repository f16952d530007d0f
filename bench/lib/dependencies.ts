/** The npm package an esbuild input path belongs to (`node_modules/@scope/name/...` → `@scope/name`), or null for our own sources. */
export function packageOf(input: string): string | null {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const first = parts[at + 1];
  if (first === undefined || first === '') return null;
  if (!first.startsWith('@')) return first;
  const second = parts[at + 2];
  return second === undefined || second === '' ? null : `${first}/${second}`;
}

/** Bytes each of `names` contributes to an output, from esbuild's metafile `outputs[…].inputs`. */
export function bytesOfPackages(
  inputs: Readonly<Record<string, { bytesInOutput: number }>>,
  names: ReadonlyArray<string>,
): Array<{ name: string; bytes: number }> {
  const totals = new Map(names.map((name) => [name, 0]));
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(input);
    if (name !== null && totals.has(name)) totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return names.map((name) => ({ name, bytes: totals.get(name) ?? 0 }));
}
