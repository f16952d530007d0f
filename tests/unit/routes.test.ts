import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorizerEntry, routeList, routes } from '../../functions/routes';
import { RESOURCES } from '../../functions/shared/domain/rbac';

const root = join(import.meta.dirname, '../..');

describe('route table', () => {
  it("carries each route's id in its definition, equal to its key (handlers pass the route, never a string)", () => {
    for (const [key, def] of Object.entries(routes)) expect(def.id).toBe(key);
    expect(routeList.map((r) => r.id)).toEqual(Object.keys(routes));
    for (const r of routeList) {
      expect(readFileSync(join(root, r.handler), 'utf8'), r.handler).not.toMatch(/httpRoute\(\s*'/);
    }
  });

  it('puts every route under /v1, once per method and path', () => {
    const seen = new Set<string>();
    for (const r of routeList) {
      expect(r.path.startsWith('/v1/')).toBe(true);
      const key = `${r.method} ${r.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('names a permission for every route (deny by default)', () => {
    for (const r of routeList) {
      if (r.auth === 'public') expect(r.permission).toBe('public');
      else if (r.auth === 'user') expect(r.permission).toBe('authenticated');
      else {
        const [resource, action] = r.permission.split(':');
        expect(RESOURCES as ReadonlyArray<string>, r.id).toContain(resource);
        expect(['read', 'create', 'update', 'delete', 'manage'], r.id).toContain(action);
      }
    }
  });

  it('scopes exactly the routes under /v1/tenants/{tenantId} to a tenant', () => {
    for (const r of routeList) {
      expect([r.id, r.path.startsWith('/v1/tenants/{tenantId}')]).toEqual([r.id, r.auth === 'tenant']);
    }
  });

  it('marks exactly the routes whose handler reads a page (a cursor) as paged, so the cursor fuzz covers them all', () => {
    for (const r of routeList) {
      const source = readFileSync(join(root, r.handler), 'utf8');
      expect([r.id, /\bpageOf\(|\bcursor\b/.test(source)]).toEqual([r.id, r.paged === true]);
      if (r.paged) expect([r.id, r.method]).toEqual([r.id, 'GET']);
    }
  });

  it('points every route at a handler file that uses its own route definition', () => {
    for (const r of [...routeList]) {
      const file = join(root, r.handler);
      expect(existsSync(file), r.handler).toBe(true);
      const source = readFileSync(file, 'utf8');
      expect(source, r.handler).toMatch(new RegExp(`import \\{ ${r.id} as route \\} from '(\\.\\./)+routes'`));
      expect(source, r.handler).toMatch(/httpRoute\(\s*route,/);
    }
    expect(existsSync(join(root, authorizerEntry))).toBe(true);
  });
});
