import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** Resolves when the port can be bound on 127.0.0.1, rejects with a readable error otherwise. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new LocalStartError(
          err.code === 'EADDRINUSE'
            ? `Port ${port} (${what}) is already in use: stop what uses it or choose another port (see README, Configuration).`
            : `Port ${port} (${what}) cannot be used: ${err.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** A port the OS says is free now; used when a port is configured as 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function resolvePort(configured: number, what: string): Promise<number> {
  if (configured === 0) return freePort();
  await assertPortFree(configured, what);
  return configured;
}

/** An error whose message is meant for the person running `npm start`: printed alone, exit 1. */
export class LocalStartError extends Error {}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await probe().catch((err: unknown) => {
      if (err instanceof LocalStartError) throw err;
      return false;
    });
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new LocalStartError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s.`);
}

/** Binds a local HTTP server on 127.0.0.1 and answers the port it got (the one asked, or the OS's for 0). */
export async function listenLocal(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
