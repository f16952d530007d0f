import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageFor } from '../../../web/vite.config';
import { API_TYPES_FILE, renderApiTypes } from '../../../web/api-types';

describe('web/src/api/schema.d.ts', () => {
  it('is what openapi-typescript makes of docs/openapi.json (run `npm run docs`)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await renderApiTypes());
  }, 30_000);
});

describe('page fallback (web/vite.config.ts)', () => {
  it('serves /book/<slug> deep links the booking page, other paths the console, files as they are', () => {
    expect(pageFor('/book/demo-salon')).toBe('/book.html');
    expect(pageFor('/book/demo-salon/bookings/01ABC/confirm')).toBe('/book.html');
    expect(pageFor('/tenants/01ABC/calendar?date=2026-12-02')).toBe('/index.html');
    expect(pageFor('/callback?code=x&state=y')).toBe('/index.html');
    expect(pageFor('/')).toBe('/index.html');
    expect(pageFor('/src/console/main.tsx')).toBeUndefined();
    expect(pageFor('/@vite/client')).toBeUndefined();
    expect(pageFor('/bookings')).toBe('/index.html');
  });
});

describe('initial JavaScript of a page (bench/web.ts)', () => {
  it('counts the entry and its static imports once each, not the dynamic ones', async () => {
    const { initialFiles } = await import('../../../bench/web');
    const manifest = {
      'book.html': { file: 'assets/book.js', imports: ['_shared.js'], css: ['assets/a.css'] },
      'index.html': { file: 'assets/console.js', imports: ['_shared.js', '_auth.js'] },
      '_shared.js': { file: 'assets/shared.js', imports: ['_auth.js'] },
      '_auth.js': { file: 'assets/auth.js', imports: ['_shared.js'] },
      '_lazy.js': { file: 'assets/lazy.js' },
    };
    expect(initialFiles(manifest, 'book.html')).toEqual({
      js: ['assets/book.js', 'assets/shared.js', 'assets/auth.js'],
      css: ['assets/a.css'],
    });
    expect(initialFiles(manifest, 'index.html').js).toEqual(['assets/console.js', 'assets/shared.js', 'assets/auth.js']);
  });
});
