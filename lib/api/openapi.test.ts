/// <reference types="vite/client" />
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, type RouteFile } from './openapi';

const modules = import.meta.glob<Record<string, unknown>>('/app/api/v1/**/route.ts', { eager: true });
const sources = import.meta.glob<string>('/app/api/v1/**/route.ts', { eager: true, query: '?raw', import: 'default' });
const routes: RouteFile[] = Object.entries(modules).map(([file, handlers]) => ({ file, source: sources[file]!, handlers }));
const built = buildOpenApi(routes);

type Operation = { parameters: { name: string; in: string; required: boolean }[]; requestBody?: { content: { 'application/json': { schema: { required?: string[] } } } }; security: unknown[] };
const op = (path: string, method: string) => (built.paths[path] as Record<string, Operation>)[method]!;

describe('the OpenAPI document', () => {
  it('is up to date in public/openapi.json (run npm run openapi after changing a route)', () => {
    expect(JSON.parse(fs.readFileSync('public/openapi.json', 'utf8'))).toEqual(built);
  });

  it("describes each operation from the route's own zod schemas", () => {
    expect(op('/api/v1/tickets', 'post').requestBody!.content['application/json'].schema.required).toEqual(['subject']);
    expect(op('/api/v1/tickets', 'get').parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'priority', 'page', 'per_page', 'sort', 'order']));
    expect(op('/api/v1/tickets/search', 'get').parameters.find((p) => p.name === 'q')).toMatchObject({ in: 'query', required: true });
    expect(op('/api/v1/tickets/{id}', 'put').parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(op('/api/v1/health', 'get').security).toEqual([]);
  });

  it('lists every endpoint of the README table', () => {
    for (const path of ['/api/v1/tickets/bulk', '/api/v1/customers/{id}/tickets', '/api/v1/agents/{id}/performance', '/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', '/api/v1/reports/team']) {
      expect(built.paths, path).toHaveProperty([path]);
    }
  });
});
