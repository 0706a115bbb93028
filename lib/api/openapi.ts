import { z } from 'zod';
import type { RouteHandler } from './route';

/**
 * The OpenAPI 3.1 document, made from what the routes declare: each handler's zod body and query
 * schemas (the same ones that validate requests) and the one-line comment above it in its route
 * file (`// POST /api/v1/tickets – create a ticket`), which names the operation.
 */
export type RouteFile = { file: string; source: string; handlers: Record<string, RouteHandler | unknown> };

const OPERATION = /^\s*\/\/ (GET|POST|PUT|PATCH|DELETE) (\/api\/v1\S*) – (.+)$/gm;

const errorEnvelope = {
  type: 'object',
  required: ['success', 'error', 'timestamp'],
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['VALIDATION_ERROR'] },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        retry_after: { type: 'integer', description: 'Seconds, on 429' },
      },
    },
    timestamp: { type: 'string', format: 'date-time' },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** lib/api/idempotency.ts: every authenticated POST takes one. */
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A retry with the same key within 24 hours gets the first answer again and changes nothing.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
};

function operation(method: string, path: string, summary: string, handler: RouteHandler) {
  const spec = handler.spec!;
  const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }));
  const success = method === 'POST' && !/\/(test|redeliver|rotate-secret|satisfaction)$/.test(path) ? '201' : method === 'DELETE' ? '204' : '200';
  return {
    summary,
    description: spec.permission === 'public' ? 'No credentials needed.' : `Needs ${spec.permission} permission (an API key, or a signed-in agent's session).`,
    security: spec.permission === 'public' ? [] : [{ apiKey: [] }, { session: [] }],
    parameters: [...pathParameters, ...queryParameters(spec.query), ...(method === 'POST' && spec.permission !== 'public' ? [idempotencyKey] : [])],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } } } : {}),
    responses: {
      [success]: { description: success === '204' ? 'Done; no body' : 'The reference envelope: `{success: true, data}` (lists add `pagination`)' },
      default: { description: 'An error in the reference envelope', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
  };
}

export function buildOpenApi(files: RouteFile[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { source, handlers } of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    for (const [, method, path, summary] of source.matchAll(OPERATION)) {
      const handler = handlers[method!] as RouteHandler | undefined;
      if (!handler?.spec) throw new Error(`${method} ${path} is named in a comment but its handler declares nothing`);
      const openApiPath = path!.replace(/\?.*$/, '');
      paths[openApiPath] = { ...paths[openApiPath], [method!.toLowerCase()]: operation(method!, openApiPath, summary!.trim(), handler) };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Loopdesk API', version: 'v1', description: 'Generated from the route declarations: `npm run openapi`.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer ld_live_…' },
        session: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'The web UI: with X-Loopdesk-Client: web' },
      },
      schemas: { Error: errorEnvelope },
    },
    paths,
  };
}
