/**
 * The console (index.html) and the online booking page (book.html) as two entries of one static
 * build, so each page loads only its own JavaScript. JSX is compiled by Vite's own transformer (oxc)
 * for Preact; no Babel.
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;

/** `/book/<slug>` is the booking page; every other page path is the console (its own router). */
export function pageFor(path: string): '/book.html' | '/index.html' | undefined {
  const pathname = path.split('?')[0] ?? '/';
  if (pathname.startsWith('/book/') || pathname === '/book') return '/book.html';
  // Files (with an extension) and Vite's own URLs are served as they are.
  if (/\.[a-z0-9]+$/i.test(pathname) || pathname.startsWith('/@') || pathname.startsWith('/node_modules/')) return undefined;
  return '/index.html';
}

/** The same fallback as the CDN's: deep links load their page's HTML. */
function pageFallback(): Plugin {
  return {
    name: 'rendezvous-page-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const page = req.url ? pageFor(req.url) : undefined;
        if (page && req.url && !req.url.startsWith('/config.json')) req.url = page;
        next();
      });
    },
  };
}

export default defineConfig({
  root: here,
  appType: 'mpa',
  plugins: [pageFallback()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    rolldownOptions: { input: { console: resolve(here, 'index.html'), book: resolve(here, 'book.html') } },
  },
  server: { strictPort: true },
  logLevel: 'warn',
  clearScreen: false,
});
