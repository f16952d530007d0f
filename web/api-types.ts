/**
 * The console's API types, generated from docs/openapi.json by openapi-typescript. `npm run web:api`
 * writes web/src/api/schema.d.ts; tests/unit/web/api-types.test.ts fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(import.meta.dirname, '..');
export const API_TYPES_FILE = join(root, 'web/src/api/schema.d.ts');

export async function renderApiTypes(): Promise<string> {
  const document = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8')) as Parameters<typeof openapiTS>[0];
  const ast = await openapiTS(document, { alphabetize: false });
  return `// Generated from docs/openapi.json by \`npm run web:api\` (web/api-types.ts). Do not edit.\n${astToString(ast)}`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(API_TYPES_FILE, await renderApiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}
