import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEnv, makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';

// Short client timeouts, so that the tests of them are quick; the defaults are 15 s and 120 s.
const dataDir = makeDataDir();
const env = { ...appEnv(dataDir, 3109, 54362), LOOPDESK_HEADERS_TIMEOUT_SECONDS: '2', LOOPDESK_REQUEST_TIMEOUT_SECONDS: '4' };
let app: RunningApp;

beforeAll(async () => {
  app = await startApp(env);
});

afterAll(async () => {
  await stopApp(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const commonHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function expectCommonHeaders(res: Response) {
  for (const [name, value] of Object.entries(commonHeaders)) expect(res.headers.get(name), name).toBe(value);
  expect(res.headers.get('x-powered-by')).toBeNull();
  // Served over http here: no HSTS, or a browser would refuse plain http to this host for a year.
  expect(res.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it("gives a page a CSP whose scripts need this response's nonce, and which no other site may frame", async () => {
    const res = await fetch(`${app.url}/login`);
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    const policy = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const again = await fetch(`${app.url}/login`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('locks down JSON answers and files: nothing runs in them, nothing frames them', async () => {
    for (const path of ['/api/v1/health', '/api/v1/tickets', '/openapi.json']) {
      const res = await fetch(`${app.url}${path}`);
      expectCommonHeaders(res);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    }
  });
});

describe('methods Loopdesk does not serve', () => {
  it.each(['/api/v1/tickets', '/api/v1/health', '/api/auth/session', '/api/v1/nothing-here', '/tickets'])(
    'answers TRACE %s with 405 in the envelope',
    async (path) => {
      const res = await rawRequest(`TRACE ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
      expect(JSON.parse(res.body)).toEqual({
        success: false,
        error: { code: 'METHOD_NOT_ALLOWED', message: 'Method TRACE is not allowed; allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' },
        timestamp: expect.any(String),
      });
    },
  );
});

describe('slow and idle clients', () => {
  it('closes a connection that never finishes its headers', async () => {
    const closed = await heldOpen('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(closed).toBe(true);
  });

  it('closes a connection whose body stalls half-way, and the app serves others meanwhile', async () => {
    const stalled = heldOpen('POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"subject":');
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
    expect(await stalled).toBe(true);
  });
});

/** Sends the bytes and waits; true once the server closes the connection (within 20 s). */
function heldOpen(bytes: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(3109, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 20_000);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** fetch() refuses TRACE, so it goes over a plain socket. */
function rawRequest(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(3109, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = rest.join('\r\n\r\n');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? unchunk(body) : body });
    });
  });
}

function unchunk(body: string): string {
  let out = '';
  for (let rest = body; ; ) {
    const end = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, end), 16);
    if (!size) return out;
    out += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}
