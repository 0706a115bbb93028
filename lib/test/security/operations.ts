/// <reference types="vite/client" />
import './env';
import { z } from 'zod';
import { buildOpenApi, type RouteFile } from '@/lib/api/openapi';

/**
 * The operations of the OpenAPI document, built in-process from the route files exactly as
 * `npm run openapi` builds public/openapi.json, so a route added since the file was last
 * written is covered too.
 */
const modules = import.meta.glob<Record<string, unknown>>('/app/api/v1/**/route.ts', { eager: true });
const sources = import.meta.glob<string>('/app/api/v1/**/route.ts', { eager: true, query: '?raw', import: 'default' });
const routes: RouteFile[] = Object.entries(modules).map(([file, handlers]) => ({ file, source: sources[file]!, handlers }));

export const openApiDocument = buildOpenApi(routes);

const parameter = z.object({
  name: z.string(),
  // Headers (Idempotency-Key) are the battery's own choice per request, not fuzzed from here.
  in: z.enum(['path', 'query', 'header']),
  required: z.boolean(),
  schema: z.record(z.string(), z.unknown()),
});

const operationSchema = z.object({
  parameters: z.array(parameter),
  // A multipart upload has no JSON body to fuzz.
  requestBody: z.object({ content: z.object({ 'application/json': z.object({ schema: z.record(z.string(), z.unknown()) }).optional() }) }).optional(),
});

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export type Operation = {
  /** `PUT /api/v1/tickets/{id}`: how the access table and test names refer to it. */
  name: string;
  method: HttpMethod;
  path: string;
  pathParameters: string[];
  queryParameters: { name: string; required: boolean; schema: Record<string, unknown> }[];
  bodySchema?: Record<string, unknown>;
};

function toOperation(method: HttpMethod, path: string, raw: unknown): Operation {
  const op = operationSchema.parse(raw);
  return {
    name: `${method} ${path}`,
    method,
    path,
    pathParameters: op.parameters.filter((p) => p.in === 'path').map((p) => p.name),
    queryParameters: op.parameters.filter((p) => p.in === 'query').map(({ name, required, schema }) => ({ name, required, schema })),
    bodySchema: op.requestBody?.content['application/json']?.schema,
  };
}

export const operations: Operation[] = Object.entries(openApiDocument.paths).flatMap(([path, byMethod]) =>
  httpMethods.filter((m) => m.toLowerCase() in byMethod).map((m) => toOperation(m, path, byMethod[m.toLowerCase()])),
);

/** Every path of the document with the methods it does not serve: they must answer 405 and change nothing. */
export const undeclaredMethods: { path: string; methods: HttpMethod[] }[] = Object.entries(openApiDocument.paths).map(([path, byMethod]) => ({
  path,
  methods: httpMethods.filter((m) => !(m.toLowerCase() in byMethod)),
}));
