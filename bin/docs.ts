/**
 * `npm run docs`: writes docs/reference.md from the route table, the RBAC matrix and the plans, and
 * docs/openapi.json (OpenAPI 3.1) from the route table, the handlers' schemas and functions/http/contract.ts,
 * the single sources of those facts. A unit test fails when a committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderOpenApi, renderServedDocument } from '../docs/openapi';
import { renderReference } from '../docs/render-reference';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, 'docs', 'reference.md'), renderReference());
console.log('docs/reference.md written');
const openApi = await renderOpenApi();
writeFileSync(join(root, 'docs', 'openapi.json'), openApi);
console.log('docs/openapi.json written');
writeFileSync(join(root, 'functions', 'http', 'openapi', 'document.ts'), renderServedDocument(openApi));
console.log('functions/http/openapi/document.ts written');
