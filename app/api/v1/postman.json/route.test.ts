import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';

type Item = {
  name: string;
  request: { method: string; url: { path: string[] }; body?: { raw: string } };
  event: { listen: string; script: { exec: string[] } }[];
};
type Collection = { info: { schema: string }; auth: unknown; variable: { key: string; value: string }[]; item: { name: string; item: Item[] }[] };
type Document = { paths: Record<string, Record<string, { operationId: string; tags: string[] }>> };

const document = JSON.parse(fs.readFileSync('public/openapi.json', 'utf8')) as Document;
const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, tag: op.tags[0] })),
);

describe('GET /api/v1/postman.json', () => {
  it('serves the collection without credentials, its baseUrl this desk', async () => {
    const res = await call('GET', '/api/v1/postman.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const collection = res.body as unknown as Collection;
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] });
    expect(collection.variable.find((v) => v.key === 'baseUrl')?.value).toBe('http://localhost:3000');
  });

  it('has every operation of the document once, in the folder of its tag, each testing its status', async () => {
    const collection = (await call('GET', '/api/v1/postman.json')).body as unknown as Collection;
    const items = collection.item.flatMap((folder) =>
      folder.item.map((item) => ({
        key: `${item.request.method} /${item.request.url.path.map((s) => s.replace(/^:(\w+)$/, '{$1}')).join('/')}`,
        tag: folder.name,
        test: item.event.find((e) => e.listen === 'test')?.script.exec.join('\n') ?? '',
      })),
    );
    expect(items.map(({ key, tag }) => ({ key, tag })).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      operations.sort((a, b) => a.key.localeCompare(b.key)),
    );
    for (const item of items) expect(item.test, item.key).toMatch(/pm\.test\('answers \d{3}/);
  });

  it('sends bodies that are JSON once its variables are filled in', async () => {
    const collection = (await call('GET', '/api/v1/postman.json')).body as unknown as Collection;
    for (const item of collection.item.flatMap((f) => f.item)) {
      const raw = item.request.body?.raw;
      if (!raw || raw.startsWith('--') || raw.startsWith('From:')) continue;
      expect(() => JSON.parse(raw.replace(/\{\{\w+\}\}/g, '1')), item.name).not.toThrow();
    }
  });
});
