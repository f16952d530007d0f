import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, listenLocal, releasePort } from '../../../local/ports';

const bind = (port: number) =>
  new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const s = createNetServer();
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(undefined)));
  });

describe('local ports chosen by the OS', () => {
  it('stay bound until their server takes them, so nothing else gets them meanwhile', async () => {
    const port = await freePort();
    expect((await bind(port))?.code).toBe('EADDRINUSE');
    const server = createServer();
    expect(await listenLocal(server, port)).toBe(port);
    await new Promise((r) => server.close(r));
  });

  it('are free again once released; releasing one not held does nothing', async () => {
    const port = await freePort();
    await releasePort(port);
    await releasePort(port);
    expect(await bind(port)).toBeUndefined();
  });
});
