import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `remotePort` names the connection the request came on. */
export type ReceivedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; receivedAt: number; remotePort: number };
type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

/**
 * A real HTTP server on 127.0.0.1 standing in for an integrator's endpoint: it records every
 * request and answers with whatever `respond` says (200 by default).
 */
export async function startReceiver() {
  const received: ReceivedRequest[] = [];
  let respond: (req: ReceivedRequest) => Reply = () => ({ status: 200, body: 'ok' });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        remotePort: req.socket.remotePort ?? 0,
      };
      received.push(request);
      const reply = respond(request);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    respondWith(fn: (req: ReceivedRequest) => Reply) {
      respond = fn;
    },
    /** Requests to one path, in arrival order. */
    at: (path: string) => received.filter((r) => r.url === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
