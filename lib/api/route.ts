import { z } from 'zod';
import { getDb } from '@/db/client';
import { permits, type Permission, type ServiceContext } from '@/lib/context';
import { config } from '@/lib/config';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { admit } from './admit';
import { readJson } from './body';
import { requestIdOf } from './request-id';
import { rateLimitedResponse, setRateLimitHeaders, type BudgetState } from './rate-limit';
import { isFile, isList, successStatuses, type ParamsSchema, type ResponseContract, type ResponseData, type RouteContract } from './contract';
import { errorCodes } from './error-codes';
import { errorToResponse } from './error-response';
import { idempotent } from './idempotency';
import { errorResponse, type Reply } from './respond';
import { scopesCover, type Scope } from '@/lib/oauth/scopes';
import { apiErrorMap, zodDetails } from './validation';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
// Next passes no params for routes without dynamic segments.
type NextContext = { params?: Promise<Record<string, string | string[]> | undefined> };
export type RouteHandler = ((req: Request, context: NextContext) => Promise<Response>) & {
  /** Who may call; every handler has it, the 405 and catch-all answers too. */
  spec?: { permission: Permission | 'public' };
  /** The declared operation (lib/api/contract.ts), for the OpenAPI document; absent on answers that name no operation. */
  contract?: RouteContract;
};

type RouteSpec<P extends ParamsSchema | undefined, B extends Schema, Q extends Schema, R extends ResponseContract> = RouteContract & {
  params?: P;
  body?: B;
  query?: Q;
  response: R;
  handle: (input: { ctx: ServiceContext; body: Parsed<B>; query: Parsed<Q>; params: Parsed<P>; req: Request }) => Promise<Reply<ResponseData<R>>>;
};

type Handle = (input: { ctx: ServiceContext; params: unknown; req: Request }) => Promise<Response>;
type WrapSpec = Pick<RouteContract, 'permission' | 'scope' | 'params' | 'query' | 'body' | 'maxBodyBytes'> & { handle: Handle; check?: RouteContract };

const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The one wrapper every /api/v1 handler goes through: auth, rate limit, permission, Idempotency-Key
 * (on POST), parsing, envelopes, errors. Outside production every answer is checked against the
 * declared status and response schema, so a serializer that leaks or misses a field fails its tests.
 */
export function apiRoute<
  P extends ParamsSchema | undefined = undefined,
  B extends Schema = undefined,
  Q extends Schema = undefined,
  R extends ResponseContract = ResponseContract,
>(spec: RouteSpec<P, B, Q, R>): RouteHandler {
  const { handle, ...contract } = spec;
  const handler = wrap({ ...contract, check: contract, handle: handle as Handle });
  handler.contract = contract;
  return handler;
}

function wrap(spec: WrapSpec): RouteHandler {
  const queryNames = spec.query ? declaredNames(spec.query) : null;
  const handler: RouteHandler = async (req, context) => {
    const requestId = requestIdOf(req.headers);
    let response: Response;
    let budget: BudgetState | null = null;
    try {
      const db = getDb();
      const { actor, ip, budget: spent, refusal } = await admit(db, req, spec.permission);
      budget = spent;
      if (budget?.allowed === false) response = rateLimitedResponse(budget);
      else if (refusal) throw refusal;
      else if (actor.type === 'agent' && actor.app && !(spec.scope && scopesCover(actor.app.scopes, spec.scope))) {
        response = insufficientScope(spec.scope);
      } else if (actor.type !== 'system' && spec.permission !== 'public' && !permits(actor.permission, spec.permission)) {
        response = errorResponse(errorCodes.FORBIDDEN.status, 'FORBIDDEN', `This action requires ${spec.permission} permission`);
      } else {
        const bodyLimit = spec.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
        response = await idempotent({ db, req, actor, requestId, bodyLimit }, async () => {
          const params = spec.params ? parseParams(spec.params, (await context?.params) ?? {}) : undefined;
          const query = spec.query ? parse(spec.query, declaredOnly(queryNames, searchParams(req)), 'query') : undefined;
          const body = spec.body ? parse(spec.body, await readJson(req, bodyLimit), 'body') : undefined;
          const answer = await spec.handle({ ctx: { db, actor, requestId, ip }, body, query, params, req } as Parameters<Handle>[0]);
          // Skipped in production: parsing every answer again costs what the benchmark measures.
          if (spec.check && config().checksAnswers) await checkAnswer(spec.check, answer);
          return answer;
        });
      }
    } catch (error) {
      response = errorToResponse(error, requestId);
    }
    if (budget) setRateLimitHeaders(response.headers, budget);
    response.headers.set('X-Request-Id', requestId);
    return response;
  };
  handler.spec = { permission: spec.permission };
  return handler;
}

/** RFC 6750 §3.1: a token without the scope a route needs, naming that scope. */
function insufficientScope(scope: Scope | undefined): Response {
  const message = scope ? `requires ${scope}` : 'not available to OAuth apps';
  return errorResponse(
    errorCodes.FORBIDDEN.status,
    'FORBIDDEN',
    `This access token's scopes do not allow this action: it ${message}`,
    [{ field: 'scope', message }],
    {
      'WWW-Authenticate': scope ? `Bearer error="insufficient_scope", scope="${scope}"` : 'Bearer error="insufficient_scope"',
    },
  );
}

const methodNames = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof methodNames)[number];

/**
 * Fills in the methods a route lacks with the reference's 405 envelope, and answers OPTIONS with the
 * methods it has (Next's own OPTIONS would list the 405s too):
 * `export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({...})`.
 */
export function methods(handlers: Partial<Record<Method, RouteHandler>>): Record<Method | 'OPTIONS', RouteHandler> {
  const served = methodNames.filter((m) => handlers[m]);
  const allow = served.join(', ');
  const supported = [...served.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])), 'OPTIONS'].join(', ');
  const options = (async () => new Response(null, { status: 204, headers: { Allow: supported } })) as RouteHandler;
  // Counted against the client address, like any request that names nothing the API serves.
  const notAllowed = publicAnswer(async (req) =>
    errorResponse(errorCodes.METHOD_NOT_ALLOWED.status, 'METHOD_NOT_ALLOWED', `Method ${req.method} is not allowed here; allowed: ${allow}`, undefined, {
      Allow: allow,
    }),
  );
  return { ...(Object.fromEntries(methodNames.map((m) => [m, handlers[m] ?? notAllowed])) as Record<Method, RouteHandler>), OPTIONS: options };
}

/** An answer that names no operation of the API (a 405, the catch-all's 404): wrapped, rate limited, not documented. */
export function publicAnswer(answer: (req: Request) => Promise<Response>): RouteHandler {
  return wrap({ permission: 'public', handle: async ({ req }) => answer(req) });
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
  const append = (into: Map<string, string>, key: string, value: string) => into.set(key, into.has(key) ? `${into.get(key)},${value}` : value);
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

/** The parameters a query schema takes, read once per route; null when it is not an object (none are refused). */
function declaredNames(schema: z.ZodType): ReadonlySet<string> | null {
  // A query that is transformed after parsing (a report's period) is a pipe from its object.
  let object: z.ZodType = schema;
  while (object instanceof z.ZodPipe) object = object.in as z.ZodType;
  return object instanceof z.ZodObject ? new Set(Object.keys(object.shape)) : null;
}

/**
 * A query names only parameters its route takes: a misspelt or unsupported filter is a 400 naming
 * it, never silently ignored (which would answer with every ticket).
 */
function declaredOnly(known: ReadonlySet<string> | null, values: QueryValues): QueryValues {
  if (!known) return values;
  const unknown = Object.keys(values).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const takes = [...known].join(', ');
    throw new ValidationError(unknown.map((field) => ({ field, message: `Unknown query parameter ${field}; this endpoint takes: ${takes}` })));
  }
  return values;
}

/** The path's ids; a segment that is not one names no resource. */
function parseParams(schema: ParamsSchema, raw: Record<string, string | string[]>): unknown {
  const result = schema.safeParse(raw);
  if (!result.success) throw new NotFoundError('Resource');
  return result.data;
}

/**
 * The declared status and response schema hold for what the handler answered; otherwise the
 * answer is an error, loudly, with the mismatch in the log. Strict schemas make an extra field
 * (a leaked column) fail as surely as a missing one. Error answers have their own envelope.
 */
async function checkAnswer(contract: RouteContract, answer: Response): Promise<void> {
  if (answer.status >= 400) return;
  const statuses: readonly number[] = successStatuses(contract.status);
  if (!statuses.includes(answer.status)) throw new Error(`Answered ${answer.status}; the route declares ${statuses.join(' or ')}`);
  const { response } = contract;
  if (response === null || isFile(response)) return;
  const envelope = z.object({
    success: z.literal(true),
    data: isList(response) ? z.array(response.item) : response,
    ...(isList(response) ? { pagination: response.pagination } : {}),
  });
  const result = envelope.safeParse(await answer.clone().json());
  if (!result.success) throw new Error(`The answer does not match the route's response schema: ${z.prettifyError(result.error)}`, { cause: result.error });
}
