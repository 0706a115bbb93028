/// <reference types="vite/client" />
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, declaredOperations, httpMethods, routePath, type RouteFile } from './openapi';
import type { RouteHandler } from './route';
import { webhookEvents } from '@/lib/events/catalogue';

const require = createRequire(import.meta.url);

const modules = import.meta.glob<Record<string, unknown>>('/app/api/v1/**/route.ts', { eager: true });
const routes: RouteFile[] = Object.entries(modules).map(([file, handlers]) => ({ file, handlers }));
const built = buildOpenApi(routes);

type Schema = { required?: string[]; properties?: Record<string, Schema>; items?: Schema; type?: string; $ref?: string };
type Operation = {
  summary: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security: unknown[];
};
const op = (path: string, method: string) => (built.paths[path] as Record<string, Operation>)[method]!;
const operations = Object.entries(built.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod as Record<string, Operation>).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

/** What each route file serves: its methods that are declared operations, not the 405 answers of methods(). */
const served = routes.flatMap(({ file, handlers }) =>
  httpMethods.filter((m) => (handlers[m] as RouteHandler | undefined)?.contract).map((m) => `${m} ${routePath(file)}`),
);

describe('the OpenAPI document', () => {
  it('is up to date in public/openapi.json (run npm run openapi after changing a route)', () => {
    expect(JSON.parse(fs.readFileSync('public/openapi.json', 'utf8'))).toEqual(built);
  });

  it("has every route file's declared methods and nothing else, at the path of the file's folder", () => {
    expect(operations.map((o) => o.name).sort()).toEqual([...served].sort());
    expect(served).toContain('POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver');
    expect(Object.keys(built.paths).some((path) => path.includes('['))).toBe(false);
  });

  it('leaves out the catch-all, which names no operation', () => {
    expect(routes.some((r) => r.file.includes('[...'))).toBe(true);
    expect(Object.keys(built.paths).every((path) => !path.includes('...'))).toBe(true);
  });

  it("describes each operation from the route's own zod schemas", () => {
    expect(op('/api/v1/tickets', 'post').requestBody!.content['application/json']!.schema.required).toEqual(['subject']);
    expect(op('/api/v1/tickets', 'get').parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'priority', 'page', 'per_page', 'sort', 'order']),
    );
    expect(op('/api/v1/tickets/search', 'get').parameters.find((p) => p.name === 'q')).toMatchObject({ in: 'query', required: true });
    expect(op('/api/v1/tickets/{id}', 'put').parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true, schema: { type: 'integer' } });
    expect(op('/api/v1/tickets/{id}/attachments', 'post').requestBody!.content).toHaveProperty(['multipart/form-data']);
    expect(op('/api/v1/health', 'get').security).toEqual([]);
  });

  it('gives every operation a summary and its success response, with the data schema inside the envelope', () => {
    for (const { name, operation } of operations) {
      expect(operation.summary, name).toMatch(/\w/);
      const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      expect(success, name).not.toEqual([]);
      for (const status of success.filter((s) => s !== '204')) {
        const content = operation.responses[status]!.content!;
        const json = content['application/json']?.schema;
        // A download: its bytes are the body (the Postman collection is JSON, but a file of its own).
        if (!json || name === 'GET /api/v1/postman.json') continue;
        expect(json.required, name).toEqual(expect.arrayContaining(['success', 'data']));
        expect(json.properties!.data, name).toHaveProperty('type');
      }
    }
  });

  it('documents lists with their item schema and pagination', () => {
    const list = op('/api/v1/customers', 'get').responses['200']!.content!['application/json']!.schema;
    expect(list.required).toEqual(['success', 'data', 'pagination']);
    expect(list.properties!.data!.items!.required).toEqual(expect.arrayContaining(['id', 'email', 'ticket_count']));
    expect(list.properties!.pagination!.required).toEqual(expect.arrayContaining(['current_page', 'total_pages']));
    expect(op('/api/v1/tickets/{id}', 'delete').responses).toHaveProperty(['204']);
    expect(Object.keys(op('/api/v1/tickets/{id}/satisfaction', 'post').responses)).toEqual(expect.arrayContaining(['200', '201']));
  });

  it('lists the error responses each operation can give, in the error envelope', () => {
    expect(Object.keys(op('/api/v1/tickets/{id}', 'put').responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys(op('/api/v1/health', 'get').responses).sort()).toEqual(['200', '429', '500', '503']);
    expect(op('/api/v1/tickets', 'get').responses['400']).toEqual({ $ref: '#/components/responses/400' });
    const shared = built.components.responses as Record<string, { content: Record<string, { schema: Schema }>; headers: Record<string, unknown> }>;
    expect(shared['400']!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(Object.keys(shared['429']!.headers)).toEqual(['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After']);
    for (const { name, operation } of operations) expect(operation.responses, name).toHaveProperty(['429']);
  });

  it('names each operation with a unique operationId and tags it with its resource', () => {
    const ids = operations.map(({ operation }) => (operation as Operation & { operationId: string }).operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect((op('/api/v1/tickets/{id}/replies', 'post') as Operation & { operationId: string; tags: string[] }).operationId).toBe('createTicketReply');
    expect((op('/api/v1/tickets/{id}/replies', 'post') as Operation & { tags: string[] }).tags).toEqual(['tickets']);
  });

  it('describes the body and both signatures of every webhook event', () => {
    const webhooks = built.webhooks as Record<
      string,
      { post: { parameters: { name: string }[]; requestBody: { content: Record<string, { schema: Schema }> } } }
    >;
    expect(Object.keys(webhooks)).toEqual([...webhookEvents]);
    const ticketCreated = webhooks['ticket.created']!.post;
    expect(ticketCreated.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['X-Loopdesk-Signature', 'webhook-signature']));
    expect(ticketCreated.requestBody.content['application/json']!.schema.properties!.data!.properties!.ticket!.required).toContain('subject');
  });

  it('shows the reference’s request bodies as examples, each one a body the route accepts', () => {
    const declared = routes.flatMap(({ handlers }) => declaredOperations(handlers).map(([, contract]) => contract));
    const withExamples = declared.filter((c) => c.requestExample !== undefined);
    expect(withExamples.map((c) => c.operationId).sort()).toEqual(['createCustomer', 'createTicket', 'createTicketReply', 'updateTicket']);
    for (const contract of withExamples) {
      const parsed = contract.body!.safeParse(contract.requestExample);
      expect(parsed.success, `${contract.operationId}: ${parsed.error?.message}`).toBe(true);
    }
    const createTicket = op('/api/v1/tickets', 'post').requestBody!.content['application/json'] as { example?: { subject: string } };
    expect(createTicket.example?.subject).toBe('Unable to login to account');
  });

  it('passes redocly lint with the recommended rules, without a warning', () => {
    const run = spawnSync(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', 'public/openapi.json', '--format=json'], { encoding: 'utf8' });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { message: string }[] };
    expect(report.problems.map((p) => p.message)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);
});

describe('the Postman collection', () => {
  it('is up to date in public/postman.json (run npm run openapi after changing a route)', async () => {
    const { buildPostmanCollection } = await import('./postman');
    expect(JSON.parse(fs.readFileSync('public/postman.json', 'utf8'))).toEqual(await buildPostmanCollection(built));
  });
});

describe("the TypeScript SDK's types", () => {
  it('are what openapi-typescript makes of the document (run npm run openapi after changing a route)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-sdk-types-')), 'schema.d.ts');
    const run = spawnSync(process.execPath, [path.resolve('node_modules/openapi-typescript/bin/cli.js'), 'public/openapi.json', '-o', out], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(fs.readFileSync('sdk/typescript/src/schema.d.ts', 'utf8')).toBe(fs.readFileSync(out, 'utf8'));
  });
});

describe("the document's examples", () => {
  it("are whole answers and bodies that their schemas accept, the reference's values kept", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    type Media = { schema: object; example?: unknown };
    const examples = operations.flatMap(({ name, operation }) => {
      const bodies = Object.values(operation.requestBody?.content ?? {}) as Media[];
      const answers = Object.values(operation.responses).flatMap((r) => Object.values(r.content ?? {})) as Media[];
      return [...bodies, ...answers].filter((m) => m.example !== undefined).map((media) => ({ name, media }));
    });
    expect(examples.length).toBeGreaterThanOrEqual(11);
    for (const { name, media } of examples) {
      const validate = ajv.compile(media.schema);
      expect(validate(media.example) ? [] : validate.errors, name).toEqual([]);
    }
    const ticket = (op('/api/v1/tickets/{id}', 'get').responses['200'] as unknown as { content: Record<string, Media> }).content['application/json']!;
    expect(ticket.example).toMatchObject({ success: true, data: { number: 'TKT-2025-001234', tags: ['login', 'password', 'urgent'] } });
  });
});
