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

/** Bytes the given source files (repository-relative paths) leave in an output. */
export function bytesOfModules(
  inputs: Readonly<Record<string, { bytesInOutput: number }>>,
  modules: ReadonlyArray<string>,
): number {
  const wanted = new Set(modules);
  let bytes = 0;
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    if (wanted.has(input.replaceAll('\\', '/'))) bytes += bytesInOutput;
  }
  return bytes;
}

export const OWN_CODE = 'own code';

/**
 * What the overhead is made of: bytes per origin (an npm package, or OWN_CODE for the repository's
 * sources) in the function's output, less what the floor's output holds of the same origin. Origins
 * that add nothing are left out; largest first. The parts sum to the overhead up to esbuild's glue.
 */
export function overheadByOrigin(
  inputs: Readonly<Record<string, { bytesInOutput: number }>>,
  floorInputs: Readonly<Record<string, { bytesInOutput: number }>>,
): Array<{ name: string; bytes: number }> {
  const totals = new Map<string, number>();
  const add = (all: Readonly<Record<string, { bytesInOutput: number }>>, sign: 1 | -1) => {
    for (const [input, { bytesInOutput }] of Object.entries(all)) {
      const name = packageOf(input) ?? OWN_CODE;
      totals.set(name, (totals.get(name) ?? 0) + sign * bytesInOutput);
    }
  };
  add(inputs, 1);
  add(floorInputs, -1);
  return [...totals]
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}
