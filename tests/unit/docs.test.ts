import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReference } from '../../docs/render-reference';

describe('docs/reference.md', () => {
  it('matches the route table, RBAC matrix and plans (run `npm run docs` after changing them)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../docs/reference.md'), 'utf8');
    expect(committed).toBe(renderReference());
  });
});
