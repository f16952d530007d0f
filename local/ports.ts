import type { Server } from 'node:http';
import { type Server as NetServer, createServer } from 'node:net';

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

/**
 * Ports chosen by the OS, held bound until their server takes them. Released at once, a port stays free
 * only by luck: the stand-ins' own outgoing connections draw their local ports from the same range, and
 * one did take the API's port between the choice and the gateway's listen (EADDRINUSE at start).
 */
const held = new Map<number, NetServer>();

/** A port the OS says is free, held until `releasePort` (or `listenLocal`); used when a port is configured as 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.unref();
      held.set(port, server);
      resolve(port);
    });
  });
}

/** Lets go of a held port just before its server binds it (nothing to do for a configured one). */
export async function releasePort(port: number): Promise<void> {
  const server = held.get(port);
  if (!server) return;
  held.delete(port);
  await new Promise<void>((resolve) => server.close(() => resolve()));
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
  await releasePort(port);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
