/**
 * The console and the online booking page (web/), served locally by Vite's dev server started in this
 * process: no build to wait for, edits reload. `/config.json` is what a deployment writes next to
 * the built files: where the API is and the user pool's OAuth endpoints (cognito-local's own
 * `/oauth2/authorize` and `/oauth2/token`, named explicitly since its discovery document lacks them).
 */
import { createServer as createHttpServer } from 'node:http';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import type { WebConfig } from '../web/src/shared/config';
import { listenLocal } from './ports';

export const DEFAULT_WEB_PORT = 5173;
export const CALLBACK_PATH = '/callback';

/** The console's origin for a port; the app client's callback URL and the CORS allow-list use it. */
export const webUrl = (port: number) => `http://localhost:${port}`;

export function localWebConfig(apiUrl: string, cognitoEndpoint: string, tokenIssuer: string, clientId: string): WebConfig {
  return {
    apiUrl: `${apiUrl}`,
    auth: {
      authority: tokenIssuer,
      clientId,
      authorizationEndpoint: `${cognitoEndpoint}/oauth2/authorize`,
      tokenEndpoint: `${cognitoEndpoint}/oauth2/token`,
    },
  };
}

function configFile(config: WebConfig): Plugin {
  const body = JSON.stringify(config);
  return {
    name: 'rendezvous-local-config',
    configureServer(server) {
      server.middlewares.use('/config.json', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(body);
      });
    },
  };
}

let vite: Promise<typeof import('vite')> | undefined;
/**
 * Starts loading Vite (the most CPU of the console's start: seconds on a loaded machine) while this
 * process only waits for the emulators; startWeb awaits the same import.
 */
export function preloadWeb(): void {
  vite ??= import('vite');
  // A failure is reported by startWeb, which awaits this promise.
  vite.catch(() => undefined);
}

export async function startWeb(opts: { root: string; port: number; dataDir: string; config: WebConfig }) {
  preloadWeb();
  const { createServer } = await (vite as Promise<typeof import('vite')>);
  // Middleware mode on our own HTTP server: Vite's standalone server exits the process on SIGTERM
  // (and on stdin's end) before the emulators are stopped.
  const http = createHttpServer();
  const server = await createServer({
    configFile: join(opts.root, 'web/vite.config.ts'),
    // Dependencies pre-bundled at start (not on first visit, which would reload the page), cached in
    // the data folder: node_modules may be shared and read-only.
    cacheDir: join(opts.dataDir, 'vite'),
    optimizeDeps: { include: ['preact', 'preact/hooks', 'preact/jsx-runtime', 'oidc-client-ts', 'openapi-fetch'] },
    server: { middlewareMode: true, ws: { server: http } },
    plugins: [configFile(opts.config)],
  });
  http.on('request', server.middlewares);
  await listenLocal(http, opts.port);
  return {
    url: webUrl(opts.port),
    stop: async () => {
      await server.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
