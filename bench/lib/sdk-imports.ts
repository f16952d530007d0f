/**
 * Finds which AWS SDK symbols a function's own sources import, so the benchmark can bundle exactly those
 * and nothing else (the "floor"). Symbols matter: a bare `import '@aws-sdk/client-dynamodb'` is
 * tree-shaken to nothing, so the floor must reference the same names the function references.
 */

/** One `@aws-sdk/*` module and what is taken from it. */
export interface SdkImport {
  module: string;
  /** Exported names (not local aliases), sorted; `default` for a default import. */
  names: string[];
  /** The whole module is kept: `import * as`, `export *`, or a dynamic `import()`. */
  namespace: boolean;
}

const SDK_PREFIX = '@aws-sdk/';

/**
 * A static import/export with a `from` clause, starting a line. The clause may span lines but holds no
 * quote or semicolon, so a match never runs across two statements.
 */
const STATIC_FROM = /^[ \t]*(import|export)\s+([^'";]*?)\s*\bfrom\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

interface ParsedClause {
  names: string[];
  namespace: boolean;
}

/** `{ A, type B, C as D }` → [A, C]: the exported names, without type-only specifiers. */
function namedSpecifiers(braces: string): string[] {
  const names: string[] = [];
  for (const raw of braces.split(',')) {
    const specifier = raw.trim();
    if (specifier === '' || /^type\s/.test(specifier)) continue;
    const imported = specifier.split(/\s+as\s+/)[0]?.trim() ?? '';
    if (IDENTIFIER.test(imported)) names.push(imported);
  }
  return names;
}

/** Returns null for a type-only statement. */
function parseClause(keyword: string, rawClause: string): ParsedClause | null {
  const clause = stripComments(rawClause).trim();
  if (/^type(\s|\{|\*)/.test(clause)) return null;
  const braceStart = clause.indexOf('{');
  const braceEnd = clause.lastIndexOf('}');
  const names = braceStart >= 0 && braceEnd > braceStart ? namedSpecifiers(clause.slice(braceStart + 1, braceEnd)) : [];
  const namespace = clause.includes('*');
  if (keyword === 'import') {
    // `import Default from` or `import Default, { … }` / `import Default, * as ns`.
    const head = (braceStart >= 0 ? clause.slice(0, braceStart) : clause).split(/[,*]/)[0]?.trim() ?? '';
    if (IDENTIFIER.test(head)) names.unshift('default');
  }
  return { names, namespace };
}

/**
 * The `@aws-sdk/*` imports of one source file; type-only imports are ignored. `reexports` keeps only
 * `export … from`: for a file that left no code in the bundle, re-exports are the only way it can still
 * have brought SDK symbols in.
 */
export function parseSdkImports(source: string, scope: 'all' | 'reexports' = 'all'): SdkImport[] {
  return parseImports(source, scope, (module) => module.startsWith(SDK_PREFIX), false);
}

/** True for a package's own specifier and its subpaths (`zod`, `zod/mini`), for any of `names`. */
export const packageMatcher =
  (names: ReadonlyArray<string>) =>
  (module: string): boolean =>
    names.some((name) => module === name || module.startsWith(`${name}/`));

/**
 * Like parseSdkImports, for the modules `isModule` picks, except that `import * as z` counts as the
 * names read from it (`z.object`, `z.string`), not as the whole module: the codebase imports zod that
 * way and esbuild keeps only what is read. A name read further (`z.core.$ZodIssue`) is a nested
 * namespace, used here only in types, and left out. Names may include type-only ones (`z.infer`); the
 * caller keeps those the module really exports.
 */
export function parseImportsOf(
  source: string,
  isModule: (module: string) => boolean,
  scope: 'all' | 'reexports' = 'all',
): SdkImport[] {
  return parseImports(source, scope, isModule, true);
}

function parseImports(
  source: string,
  scope: 'all' | 'reexports',
  isModule: (module: string) => boolean,
  namespaceMembers: boolean,
): SdkImport[] {
  const found: SdkImport[] = [];
  for (const match of source.matchAll(STATIC_FROM)) {
    const [, keyword = '', clause = '', module = ''] = match;
    if (!isModule(module)) continue;
    if (scope === 'reexports' && keyword !== 'export') continue;
    const parsed = parseClause(keyword, clause);
    if (parsed === null) continue;
    const alias = namespaceMembers && keyword === 'import' ? /\*\s*as\s+([A-Za-z_$][\w$]*)/.exec(clause)?.[1] : undefined;
    if (alias !== undefined) {
      const members = new Set(parsed.names);
      for (const read of stripComments(source).matchAll(
        new RegExp(`(?<![\\w$.])${alias.replaceAll('$', '\\$')}\\.([A-Za-z_$][\\w$]*)(?![\\w$]|\\s*\\.)`, 'g'),
      )) {
        members.add(read[1] ?? '');
      }
      found.push({ module, names: [...members].filter((name) => name !== ''), namespace: false });
      continue;
    }
    if (parsed.names.length === 0 && !parsed.namespace) continue;
    found.push({ module, names: parsed.names, namespace: parsed.namespace });
  }
  if (scope === 'reexports') return mergeSdkImports([found]);
  for (const match of source.matchAll(DYNAMIC_IMPORT)) {
    const module = match[1] ?? '';
    if (isModule(module)) found.push({ module, names: [], namespace: true });
  }
  return mergeSdkImports([found]);
}

/** Union per module, sorted by module and name, so the same set always gives the same floor. */
export function mergeSdkImports(lists: ReadonlyArray<ReadonlyArray<SdkImport>>): SdkImport[] {
  const byModule = new Map<string, { names: Set<string>; namespace: boolean }>();
  for (const list of lists) {
    for (const item of list) {
      const entry = byModule.get(item.module) ?? { names: new Set<string>(), namespace: false };
      for (const name of item.names) entry.names.add(name);
      entry.namespace ||= item.namespace;
      byModule.set(item.module, entry);
    }
  }
  return [...byModule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([module, { names, namespace }]) => ({ module, names: [...names].sort(), namespace }));
}

/**
 * Source of a synthetic entry that keeps exactly the given SDK symbols alive. Every symbol gets a local
 * alias because two modules may export the same name (`QueryCommand` is in client-dynamodb and
 * lib-dynamodb). With no imports it is an empty module.
 */
export function floorEntrySource(imports: ReadonlyArray<SdkImport>): string {
  const lines: string[] = [];
  const kept: string[] = [];
  for (const { module, names, namespace } of imports) {
    const spec = JSON.stringify(module);
    if (namespace) {
      // A namespace keeps every export, which covers any named symbol of the same module too.
      const local = `s${kept.length}`;
      kept.push(local);
      lines.push(`import * as ${local} from ${spec};`);
      continue;
    }
    const specifiers = names.map((name) => {
      const local = `s${kept.length}`;
      kept.push(local);
      return `${name} as ${local}`;
    });
    lines.push(`import { ${specifiers.join(', ')} } from ${spec};`);
  }
  if (kept.length === 0) return 'export {};\n';
  lines.push(`globalThis.__floor = [${kept.join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

/** `@aws-sdk/lib-dynamodb { DynamoDBDocumentClient, GetCommand }`, for the report. */
export function describeSdkImports(imports: ReadonlyArray<SdkImport>): string {
  if (imports.length === 0) return '(no AWS SDK client)';
  return imports
    .map(({ module, names, namespace }) => (namespace ? `${module} (* whole module)` : `${module} { ${names.join(', ')} }`))
    .join('; ');
}
