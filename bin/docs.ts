/**
 * `npm run docs`: writes docs/reference.md from the route table, the RBAC matrix and the plans, the
 * single sources of those facts. A unit test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReference } from '../docs/render-reference';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, 'docs', 'reference.md'), renderReference());
console.log('docs/reference.md written');
