/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/api/route';
import { send } from '@/lib/test/api';
import { createAgent, createKey } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';

/**
 * `read` is every GET and nothing else: a read key (or anything holding only read) must never
 * change a thing. Every route module is looked at, so a route added later is held to it too.
 */
const modules = import.meta.glob<Record<string, RouteHandler | unknown>>('/app/api/v1/**/route.ts', { eager: true });

const changingMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `/app/api/v1/tickets/[id]/route.ts` → `/api/v1/tickets/1`; a catch-all gets a path no route has. */
const concretePath = (file: string) =>
  file
    .replace(/^\/app/, '')
    .replace(/\/route\.ts$/, '')
    .replace(/\[\.\.\.\w+\]/, 'no/such/endpoint')
    .replace(/\[\w+\]/g, '1');

const handlers = Object.entries(modules).flatMap(([file, exports]) =>
  changingMethods.flatMap((method) => {
    const handler = exports[method] as RouteHandler | undefined;
    return handler?.spec ? [{ route: `${method} ${concretePath(file)}`, method, path: concretePath(file), permission: handler.spec.permission }] : [];
  }),
);

let readKey: string;
let agentId: number;

beforeAll(async () => {
  agentId = (await createAgent({ first_name: 'Rita', last_name: 'Reader' })).id;
  // Made by an agent, so that endpoints for an agent's own things (views, presence) do not refuse it for that instead.
  readKey = await createKey('read', {}, agentId);
});

describe('read permission', () => {
  it('finds the route modules', () => {
    expect(handlers.map((h) => h.route)).toEqual(expect.arrayContaining(['POST /api/v1/tickets', 'DELETE /api/v1/views/1', 'PUT /api/v1/tickets/1/presence']));
  });

  it('is declared by no handler other than a GET', () => {
    expect(handlers.filter((h) => h.permission === 'read').map((h) => h.route)).toEqual([]);
  });

  it.each(handlers)('$route refuses a read key with 403, or serves nothing at all', async ({ method, path, permission }) => {
    const res = await send(method, path, { key: readKey });
    const text = await res.text();
    const body = (text ? JSON.parse(text) : { error: null }) as { error: { code: string; message: string } | null };
    if (permission === 'public') {
      // The 405 fillers of methods() and the catch-all's 404, or the mail relay's 401 (its own token,
      // which an API key is not): nothing is read or written.
      expect([401, 404, 405]).toContain(res.status);
    } else {
      expect({ status: res.status, error: body.error }).toEqual({
        status: 403,
        error: { code: 'FORBIDDEN', message: `This action requires ${permission} permission` },
      });
    }
  });
});

describe('the desk endpoints that change things', () => {
  it("still serve an agent's session, which has write permission", async () => {
    const headers = await webHeaders(agentId);
    const view = await send('POST', '/api/v1/views', { headers, body: { name: 'Mine', query: '?status=open' } });
    expect(view.status).toBe(201);
    const { data } = (await view.json()) as { data: { id: number } };
    expect((await send('DELETE', `/api/v1/views/${data.id}`, { headers })).status).toBe(204);
  });
});
