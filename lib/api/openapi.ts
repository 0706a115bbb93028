import { z } from 'zod';
import type { ErrorCode } from '@/lib/errors';
import { scopeCatalogue } from '@/lib/oauth/scopes';
import { isFile, isList, successStatuses, type ResponseContract, type RouteContract } from './contract';
import { codesOfStatus, errorCodes } from './error-codes';
import { webhookOperations } from './openapi-webhooks';
import { exampleOf } from './schema-example';
import type { RouteHandler } from './route';

/**
 * The OpenAPI 3.1 document, made from what the routes declare (lib/api/contract.ts): each path from
 * its route file's folder, each operation from its handler's contract, each error response from
 * the error table.
 */
export type RouteFile = { file: string; handlers: Record<string, unknown> };

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * `/app/api/v1/tickets/[id]/route.ts` → `/api/v1/tickets/{id}`. A catch-all (`[...path]`) names no
 * operation, so it has no path; route groups (`(name)`) are not in the URL.
 */
export function routePath(file: string): string | null {
  const segments = file
    .replace(/^.*?\/app\//, '')
    .split('/')
    .slice(0, -1)
    .filter((s) => !/^\(.+\)$/.test(s));
  if (segments.some((s) => s.startsWith('[...'))) return null;
  return `/${segments.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`;
}

/** The declared operations of a route file, by method. */
export function declaredOperations(handlers: Record<string, unknown>): [method: string, contract: RouteContract][] {
  return httpMethods.flatMap((m) => {
    const contract = (handlers[m] as RouteHandler | undefined)?.contract;
    return contract ? [[m, contract] as [string, RouteContract]] : [];
  });
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  // A path id is documented as the integer it is read as; a query as the text it is sent as.
  const object = jsonSchema(schema, where === 'path' ? 'output' : 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required?.includes(name) ?? false),
    schema: where === 'query' ? asSent(property) : property,
    // An object in a query travels as `custom_fields[browser]=Chrome 119` (lib/api/route.ts reads it so).
    ...(where === 'query' && property.type === 'object' ? { style: 'deepObject', explode: true } : {}),
  }));
}

/**
 * A query's digit strings as integers and its "true"/"false" as booleans: the same text in the URL,
 * and the types an integrator (and a generated client) expects to pass.
 */
function asSent(schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.type === 'string' && schema.pattern === '^\\d+$') return { type: 'integer', minimum: 0 };
  if (schema.type === 'string' && JSON.stringify(schema.enum) === '["true","false"]') return { type: 'boolean' };
  if (schema.type === 'array' && schema.items) return { ...schema, items: asSent(schema.items as Record<string, unknown>) };
  return schema;
}

/** lib/api/idempotency.ts: every authenticated POST takes one. */
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A retry with the same key within 24 hours gets the first answer again and changes nothing.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
};

const errorEnvelope = {
  type: 'object',
  required: ['success', 'error', 'timestamp'],
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(errorCodes) },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        retry_after: { type: 'integer', description: 'Seconds, on 429' },
      },
    },
    timestamp: { type: 'string', format: 'date-time' },
  },
};

function successResponse(status: number, response: ResponseContract, given?: RouteContract['responseExample']) {
  if (response === null) return { description: 'Done; no body' };
  if (isFile(response)) {
    // A JSON file (the Postman collection) is a document of its own, not the API's envelope.
    const schema = response.contentType === 'application/json' ? { type: 'object' } : { type: 'string', format: 'binary' };
    return { description: response.description ?? 'The bytes', content: { [response.contentType]: { schema } } };
  }
  const data = isList(response) ? { type: 'array', items: jsonSchema(response.item, 'output') } : jsonSchema(response, 'output');
  const envelope = {
    type: 'object',
    required: ['success', 'data', ...(isList(response) ? ['pagination'] : [])],
    properties: { success: { const: true }, data, ...(isList(response) ? { pagination: jsonSchema(response.pagination, 'output') } : {}) },
  };
  const example = given && {
    example: {
      success: true,
      data: exampleOf(data, given.data),
      ...(isList(response) ? { pagination: exampleOf(envelope.properties.pagination ?? {}, given.pagination) } : {}),
    },
  };
  return { description: status === 201 ? 'Created' : status === 202 ? 'Accepted' : 'OK', content: { 'application/json': { schema: envelope, ...example } } };
}

/** The statuses an operation can answer with an error, from what it declares. */
function errorStatuses(method: string, c: RouteContract): number[] {
  const hasBody = Boolean(c.body || c.upload || c.rawBody);
  const isPublic = c.permission === 'public';
  const statuses = [
    ...(hasBody || c.query ? [400] : []),
    ...(isPublic ? (c.tokenHeader ? [401] : []) : [401, 403]),
    ...(c.params ? [404] : []),
    // Any change can meet a concurrent one (a unique value, a serialization failure) or a reused Idempotency-Key.
    ...(method === 'GET' ? [] : [409]),
    ...(hasBody ? [413, 415] : []),
    ...(c.errors ?? []),
    429,
    500,
    503,
  ];
  return [...new Set(statuses)].sort((a, b) => a - b);
}

/** Each error status once, in components.responses; operations point at it. */
function errorResponse(status: number) {
  const codes: ErrorCode[] = codesOfStatus(status);
  const description = codes.map((code) => `\`${code}\`: ${errorCodes[code].description}`).join('; ');
  const headers = status === 429 ? { ...commonHeaders, 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : commonHeaders;
  return { description, headers, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

/** Every /api/v1 answer carries its request id and the budget it was counted against (lib/api/rate-limit.ts). */
const commonHeaders = Object.fromEntries(
  ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'].map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

const headerDefinitions = {
  'X-Request-Id': {
    description: 'The request id: yours, if you sent a sane X-Request-Id, else a new one. Quote it when reporting a problem.',
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': { description: 'The budget this request was counted against.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'What is left of the budget.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the budget refills, in Unix seconds.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
};

/** The resource an operation is about: its path's first segment (`/api/v1/tickets/{id}/replies` → `tickets`). */
export const tagOf = (path: string) => path.split('/')[3] ?? 'api';

const tagDescriptions: Record<string, string> = {
  agents: 'Agents and admins, their performance and sessions',
  'api-keys': 'API keys for integrations (admins)',
  'audit-log': 'Every change of every resource (admins)',
  categories: 'Ticket categories',
  'custom-fields': 'Custom field definitions for tickets and customers',
  customers: 'Customers and their tickets',
  departments: 'Departments',
  files: 'Attachment downloads',
  health: 'Liveness',
  inbound: 'Email in from a relay',
  mailboxes: 'Mailboxes that email comes in through (admins)',
  me: 'The signed-in agent',
  'oauth-apps': 'OAuth apps that act for agents (admins)',
  reports: 'Reports',
  settings: 'Desk settings',
  tickets: 'Tickets, replies, notes, attachments, assignment, satisfaction and search',
  views: 'Saved inbox views',
  webhooks: 'Webhooks and their deliveries',
};

function requestBody(c: RouteContract) {
  if (c.body) {
    const example = c.requestExample === undefined ? {} : { example: c.requestExample };
    return { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(c.body), ...example } } } };
  }
  if (c.rawBody) return { requestBody: { required: true, content: { [c.rawBody.contentType]: { schema: { type: 'string', format: 'binary' } } } } };
  if (!c.upload) return {};
  const files = { type: 'array', items: { type: 'string', format: 'binary' } };
  const schema = { type: 'object', required: [c.upload.field], properties: { [c.upload.field]: files } };
  return { requestBody: { required: true, content: { 'multipart/form-data': { schema } } } };
}

const publicDescription = (c: RouteContract) =>
  c.tokenHeader ? `Authenticated by the token in the ${c.tokenHeader} header, not by an API key.` : 'No credentials needed.';

const accessDescription = (c: RouteContract) =>
  `Needs ${c.permission} permission (an API key, or a signed-in agent's session)` +
  (c.scope ? `; an OAuth access token needs the \`${c.scope}\` scope and an agent whose role allows it.` : '; not open to OAuth apps.');

function operation(path: string, method: string, c: RouteContract) {
  const isPublic = c.permission === 'public';
  return {
    operationId: c.operationId,
    tags: [tagOf(path)],
    summary: c.summary,
    description: isPublic ? publicDescription(c) : accessDescription(c),
    security: isPublic ? [] : [{ apiKey: [] }, { session: [] }, ...(c.scope ? [{ oauth2: [c.scope] }] : [])],
    parameters: [
      ...parameters(c.params, 'path'),
      ...parameters(c.query, 'query'),
      ...(c.tokenHeader ? [{ name: c.tokenHeader, in: 'header', required: true, schema: { type: 'string' } }] : []),
      ...(method === 'POST' && !isPublic ? [idempotencyKey] : []),
    ],
    ...requestBody(c),
    responses: Object.fromEntries([
      ...successStatuses(c.status).map((status) => [
        String(status),
        { ...successResponse(status, status === 204 ? null : c.response, c.responseExample), headers: commonHeaders },
      ]),
      ...errorStatuses(method, c).map((status) => [String(status), { $ref: `#/components/responses/${status}` }]),
    ]),
  };
}

export function buildOpenApi(files: RouteFile[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { file, handlers } of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const path = routePath(file);
    const declared = declaredOperations(handlers);
    if (!path || declared.length === 0) continue;
    paths[path] = Object.fromEntries(declared.map(([method, contract]) => [method.toLowerCase(), operation(path, method, contract)]));
  }
  const operations = Object.entries(paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method]) => ({ path, method })));
  const statuses = [
    ...new Set(Object.values(paths).flatMap((byMethod) => Object.values(byMethod).flatMap((op) => Object.keys((op as { responses: object }).responses)))),
  ];
  const tags = [...new Set(operations.map(({ path }) => tagOf(path)))].sort();
  return {
    openapi: '3.1.0',
    info: { title: 'Loopdesk API', version: 'v1', description: 'Generated from the route declarations: `npm run openapi`.' },
    tags: tags.map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer ld_live_…' },
        session: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'The web UI: with X-Loopdesk-Client: web' },
        oauth2: {
          type: 'oauth2',
          description: 'An app acting for an agent: authorization code with PKCE (S256). Metadata: /.well-known/oauth-authorization-server',
          flows: {
            authorizationCode: {
              authorizationUrl: '/oauth/authorize',
              tokenUrl: '/oauth/token',
              refreshUrl: '/oauth/token',
              scopes: Object.fromEntries(Object.entries(scopeCatalogue).map(([scope, { words }]) => [scope, words])),
            },
          },
        },
      },
      schemas: { Error: errorEnvelope },
      headers: headerDefinitions,
      responses: Object.fromEntries(
        statuses
          .map(Number)
          .filter((status) => status >= 400)
          .sort()
          .map((status) => [String(status), errorResponse(status)]),
      ),
    },
    paths,
    webhooks: webhookOperations(),
  };
}
