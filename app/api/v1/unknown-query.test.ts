/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/api/route';
import { call } from '@/lib/test/api';
import { createKey } from '@/lib/test/factories';

/**
 * A query parameter a route does not take is a 400 naming it, never silently ignored (a misspelt
 * filter would otherwise return every ticket). Every route that takes a query is held to it.
 */
const modules = import.meta.glob<Record<string, RouteHandler | unknown>>('/app/api/v1/**/route.ts', { eager: true });
const withQuery = Object.entries(modules).flatMap(([file, exports]) => {
  const handler = exports.GET as RouteHandler | undefined;
  if (!handler?.contract?.query) return [];
  return [
    file
      .replace(/^\/app/, '')
      .replace(/\/route\.ts$/, '')
      .replace(/\[\w+\]/g, '1'),
  ];
});

let adminKey: string;
beforeAll(async () => {
  adminKey = await createKey('admin');
});

describe('unknown query parameters', () => {
  it('are looked at on every route with a query', () => {
    expect(withQuery).toContain('/api/v1/tickets');
    expect(withQuery.length).toBeGreaterThanOrEqual(15);
  });

  it.each(withQuery)('GET %s?tag=refund answers 400 naming the parameter', async (path) => {
    const res = await call('GET', `${path}?tag=refund`, { key: adminKey });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('VALIDATION_ERROR');
    expect(res.body.error?.details).toEqual([{ field: 'tag', message: expect.stringMatching(/^Unknown query parameter tag; this endpoint takes: \w/) }]);
  });

  it('names each unknown one, and accepts the known ones beside nothing else', async () => {
    const res = await call('GET', '/api/v1/tickets?status=open&stauts=open&sort_by=priority', { key: adminKey });
    expect(res.body.error?.details?.map((d) => d.field)).toEqual(['stauts', 'sort_by']);
    expect((await call('GET', '/api/v1/tickets?status=open&custom_fields[browser]=x', { key: adminKey })).status).toBe(200);
  });
});
