import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import { permits, type Permission, type ServiceContext } from '@/lib/context';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { admit } from './admit';
import { readJson } from './body';
import { rateLimitedResponse, setRateLimitHeaders, type BudgetState } from './rate-limit';
import { errorToResponse } from './error-response';
import { idempotent } from './idempotency';
import { errorResponse } from './respond';
import { apiErrorMap, zodDetails } from './validation';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
// Next passes no params for routes without dynamic segments.
type NextContext = { params?: Promise<Record<string, string | string[]> | undefined> };
export type RouteHandler = ((req: Request, context: NextContext) => Promise<Response>) & {
  /** What the handler declares, for the OpenAPI document (lib/api/openapi.ts). */
  spec?: { permission: Permission | 'public'; body?: z.ZodType; query?: z.ZodType };
};

type RouteSpec<B extends Schema, Q extends Schema> = {
  /** Who may call: `public` needs no credentials; otherwise the least permission a key must hold. */
  permission: Permission | 'public';
  body?: B;
  query?: Q;
  /** The most a request body may hold (2 MB unless given); an Idempotency-Key's hash reads it within this too. */
  maxBodyBytes?: number;
  handle: (input: {
    ctx: ServiceContext;
    body: Parsed<B>;
    query: Parsed<Q>;
    params: Record<string, number>;
    req: Request;
  }) => Promise<Response>;
};

const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
const MAX_ID = 2_147_483_647;

/**
 * The one wrapper every /api/v1 handler goes through: auth, rate limit, permission, Idempotency-Key
 * (on POST), parsing, envelopes, errors.
 */
export function apiRoute<B extends Schema = undefined, Q extends Schema = undefined>(spec: RouteSpec<B, Q>): RouteHandler {
  const handler: RouteHandler = async (req, context) => {
    const requestId = incomingRequestId(req) ?? randomUUID();
    let response: Response;
    let budget: BudgetState | null = null;
    try {
      const db = getDb();
      const { actor, ip, budget: spent, refusal } = await admit(db, req, spec.permission);
      budget = spent;
      if (budget?.allowed === false) response = rateLimitedResponse(budget);
      else if (refusal) throw refusal;
      else if (actor.type !== 'system' && spec.permission !== 'public' && !permits(actor.permission, spec.permission)) {
        response = errorResponse(403, 'FORBIDDEN', `This action requires ${spec.permission} permission`);
      } else {
        const bodyLimit = spec.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
        response = await idempotent({ db, req, actor, requestId, bodyLimit }, async () => {
          const params = parseIds((await context?.params) ?? {});
          const query = spec.query ? parse(spec.query, searchParams(req), 'query') : undefined;
          const body = spec.body ? parse(spec.body, await readJson(req, bodyLimit), 'body') : undefined;
          return spec.handle({ ctx: { db, actor, requestId, ip }, body: body as Parsed<B>, query: query as Parsed<Q>, params, req });
        });
      }
    } catch (error) {
      response = errorToResponse(error, requestId);
    }
    if (budget) setRateLimitHeaders(response.headers, budget);
    response.headers.set('X-Request-Id', requestId);
    return response;
  };
  handler.spec = { permission: spec.permission, body: spec.body, query: spec.query };
  return handler;
}

const methodNames = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof methodNames)[number];

/** Fills in the methods a route lacks with the reference's 405 envelope: `export const { GET, POST, ... } = methods({...})`. */
export function methods(handlers: Partial<Record<Method, RouteHandler>>): Record<Method, RouteHandler> {
  const allow = methodNames.filter((m) => handlers[m]).join(', ');
  // Counted against the client address, like any request that names nothing the API serves.
  const notAllowed = apiRoute({
    permission: 'public',
    handle: async ({ req }) =>
      errorResponse(405, 'METHOD_NOT_ALLOWED', `Method ${req.method} is not allowed here; allowed: ${allow}`, undefined, { Allow: allow }),
  });
  return Object.fromEntries(methodNames.map((m) => [m, handlers[m] ?? notAllowed])) as Record<Method, RouteHandler>;
}

function incomingRequestId(req: Request): string | undefined {
  const id = req.headers.get('x-request-id');
  return id && /^[\w.-]{1,100}$/.test(id) ? id : undefined;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.output<S> {
  const result = schema.safeParse(value, { error: apiErrorMap });
  if (result.success) return result.data;
  const details = zodDetails(result.error);
  // Query values are flat: `status[1]` is reported as `status`.
  if (where === 'query') for (const d of details) d.field = d.field.replace(/\[\d+\]$/, '');
  throw new ValidationError(details);
}

type QueryValues = Record<string, string | Record<string, string>>;

/**
 * Query values; a repeated key gives a comma list. `name[sub]=v` gives `{name: {sub: v}}` (as in
 * `custom_fields[browser]=Chrome 119`), and `name[]=v` is read as `name=v`. Built from Maps so
 * that a key like `__proto__[x]` is plain data, never a prototype.
 */
function searchParams(req: Request): QueryValues {
  const flat = new Map<string, string>();
  const nested = new Map<string, Map<string, string>>();
  const append = (into: Map<string, string>, key: string, value: string) =>
    into.set(key, into.has(key) ? `${into.get(key)},${value}` : value);
  for (const [raw, value] of new URL(req.url).searchParams) {
    const [, name = raw, sub] = /^([^[\]]+)\[([^[\]]*)\]$/.exec(raw) ?? [];
    if (!sub) {
      append(flat, name, value);
      continue;
    }
    const group = nested.get(name) ?? new Map<string, string>();
    nested.set(name, append(group, sub, value));
  }
  const mixed = [...nested.keys()].find((name) => flat.has(name));
  if (mixed) {
    const message = `Give ${mixed} either as ${mixed}=value or as ${mixed}[key]=value, not both`;
    throw new ValidationError([{ field: mixed, message }]);
  }
  return Object.fromEntries([...flat, ...[...nested].map(([name, group]) => [name, Object.fromEntries(group)] as const)]);
}

/** Every dynamic segment of the API is an integer id; anything else names no resource. */
function parseIds(raw: Record<string, string | string[]>): Record<string, number> {
  const ids: Record<string, number> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) continue; // a catch-all's segments are not ids
    const n = typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(n <= MAX_ID)) throw new NotFoundError('Resource');
    ids[name] = n;
  }
  return ids;
}
