import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouteTable } from '@/lib/api/route-dispatch';
import { appEnv, makeDataDir, startApp, stopApp, type RunningApp } from '@/lib/test/app-process';

// npm start serves /api/v1 straight through the compiled route handlers (lib/api/route-dispatch.ts):
// these check it against the build's own manifests, and that what Next's router did for an API
// request still happens.
const dataDir = makeDataDir();
const env = appEnv(dataDir, 3113, 54365);
let app: RunningApp;
let key = '';

beforeAll(async () => {
  app = await startApp(env);
  key = /API key: {2}(ld_live_\S+)/.exec(app.output())?.[1] ?? '';
});

afterAll(async () => {
  await stopApp(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const readBuild = (file: string) => JSON.parse(fs.readFileSync(path.join('.next', file), 'utf8'));

describe('API requests served straight to their route handlers', () => {
  it("finds each API route of the build at its own path, as Next's router does", () => {
    const appPaths: Record<string, string> = readBuild('server/app-paths-manifest.json');
    const routeFile = apiRouteTable(readBuild('routes-manifest.json'), appPaths);
    const pages = Object.keys(appPaths).filter((page) => page.startsWith('/api/v1/'));
    expect(pages.length).toBeGreaterThan(50);
    for (const page of pages) {
      const sample = page
        .replace(/\/route$/, '')
        .replace(/\[\.\.\.\w+\]/, 'no/such/path')
        .replace(/\[\w+\]/g, '42');
      expect(routeFile(sample)?.file, sample).toBe(appPaths[page]);
    }
    expect(routeFile('/api/v1/tickets/search')?.file).toBe(appPaths['/api/v1/tickets/search/route']);
  });

  it('answers reads, writes, HEAD and unknown paths as the reference says', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    const created = await fetch(`${app.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Printer on fire', description: 'Smoke from tray 2', priority: 'high' }),
    });
    expect(created.status).toBe(201);
    const { id } = ((await created.json()) as { data: { id: number } }).data;

    const read = await fetch(`${app.url}/api/v1/tickets/${id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: { subject: string } }).data.subject).toBe('Printer on fire');

    const head = await fetch(`${app.url}/api/v1/tickets/${id}`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const options = await fetch(`${app.url}/api/v1/tickets`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');

    const missing = await fetch(`${app.url}/api/v1/no-such-thing`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

    const unauthenticated = await fetch(`${app.url}/api/v1/tickets/${id}`);
    expect(unauthenticated.status).toBe(401);
  });

  it('takes an upload and streams a download byte for byte', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    const ticket = await fetch(`${app.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: 'Capture attached', description: 'See the file' }),
    });
    const { id } = ((await ticket.json()) as { data: { id: number } }).data;
    // Every byte value, and more than one chunk of a stream.
    const bytes = new Uint8Array(randomBytes(300 * 1024));
    bytes.set(Array.from({ length: 256 }, (_, i) => i));
    const form = new FormData();
    form.append('file', new File([bytes], 'capture.bin'));
    const uploaded = await fetch(`${app.url}/api/v1/tickets/${id}/attachments`, { method: 'POST', headers: auth, body: form });
    expect(uploaded.status).toBe(201);
    const [attachment] = ((await uploaded.json()) as { data: { id: number; url: string }[] }).data;
    const downloaded = await fetch(`${app.url}${new URL(attachment!.url).pathname}`, { headers: auth });
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('names the resource by its path alone, whatever the query says', async () => {
    const auth = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
    const ids: number[] = [];
    for (const subject of ['Named by the path', 'Named by the query']) {
      const res = await fetch(`${app.url}/api/v1/tickets`, { method: 'POST', headers: auth, body: JSON.stringify({ subject, description: 'x' }) });
      ids.push(((await res.json()) as { data: { id: number } }).data.id);
    }
    const [byPath, byQuery] = ids;
    // Next reads these keys as route params when a route runs without its server.
    for (const query of [`nxtPid=${byQuery}`, `nx%74Pid=${byQuery}`, `nxtIid=${byQuery}`]) {
      const res = await fetch(`${app.url}/api/v1/tickets/${byPath}?${query}`, { headers: auth });
      expect(res.status, query).toBe(200);
      expect(((await res.json()) as { data: { id: number } }).data.id, query).toBe(byPath);
    }
  });

  it('compresses a large answer for a client that accepts it, varying by nothing else', async () => {
    const res = await fetch(`${app.url}/api/v1/tickets?per_page=100`, { headers: { Authorization: `Bearer ${key}`, 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // Only that: Next's router added its page-navigation headers (rsc, next-router-state-tree, ...),
    // which no API answer depends on, so caches kept needless variants of it.
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it("leaves paths with a trailing or doubled slash or an escape to Next's router", async () => {
    const trailing = await fetch(`${app.url}/api/v1/health/`, { redirect: 'manual' });
    expect(trailing.status).toBe(308);
    expect(trailing.headers.get('location')).toBe('/api/v1/health');
    // As before: the escape is not decoded for routing, so no route but the catch-all matches.
    const escaped = await fetch(`${app.url}/api/v1/%68ealth`);
    expect(escaped.status).toBe(404);
    expect(((await escaped.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
