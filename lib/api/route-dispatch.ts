import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { TLSSocket } from 'node:tls';
import { log } from '@/lib/log';
import { errorToResponse } from './error-response';
import { requestIdOf } from './request-id';

/**
 * `npm start` hands each /api/v1 request straight to the function its route file exports for the
 * method (the GET or POST of `app/api/v1/.../route.ts`, as Next compiled it), and leaves everything
 * else to Next's router.
 *
 * Why: for an API request Next adds no behaviour of ours (no redirects, rewrites, middleware, pages
 * or files are configured under /api/v1, and the handlers read nothing from Next's request scope:
 * they are fetch handlers, `(Request) => Response`, that authenticate from the request itself), yet
 * it cost CPU on every request: the router server 1.5-1.8 ms for a ticket list; then the route's own
 * entry point (its request scopes, the request wrapped to track dynamic use, the response cache,
 * the answer piped through web streams) about as much again, more than the bare server spends on
 * the whole request. What the router would have done is still done: the same route chosen and its
 * params read from the path, internal headers dropped, answers compressed. HEAD, which Next answers
 * from GET, goes through the route's entry point as before.
 *
 * A path the router would rewrite first (a trailing or doubled slash, a dot segment, an escape)
 * is not served here, so Next answers it exactly as before.
 */

interface RoutesManifest {
  staticRoutes: { page: string }[];
  dynamicRoutes: { page: string; regex: string }[];
}

/** The entry point Next gives each compiled route: its whole request handling, router work aside. */
type NextRouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { waitUntil: (work: Promise<unknown>) => void; requestMeta: Record<string, unknown> },
) => Promise<unknown>;
/** What the route file exports (GET, POST, …), as Next's route module holds it once loaded. */
type RouteExports = Partial<Record<string, (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>>;
interface RouteModule {
  ensureUserland(): Promise<void>;
  userland: RouteExports;
}
type CompiledRoute = { next: NextRouteHandler; exports: RouteExports };

const API_PREFIX = '/api/v1/';
/** Unreserved characters only, in segments that are neither empty nor start with a dot. */
const PLAIN_PATH = /^\/api\/v1(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;
/**
 * Query keys that Next reads as route params (`nxtPid=7` for `[id]`) when a route runs without its
 * server: such a request goes to Next's router, which ignores them, so the path alone names the resource.
 */
const ROUTE_PARAM_PREFIXES = ['nxtP', 'nxtI'];

function namesRouteParams(search: string): boolean {
  for (const key of new URLSearchParams(search).keys()) if (ROUTE_PARAM_PREFIXES.some((prefix) => key.startsWith(prefix))) return true;
  return false;
}

/** A route the dispatcher serves: its compiled file, and the values of its dynamic segments. */
export type ApiRoute = { file: string; params: Record<string, string | string[]> };

/** The names of a page's dynamic segments in order, `[...path]` marked as a catch-all. */
const segmentsOf = (page: string) => [...page.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((m) => ({ name: m[2]!, catchAll: Boolean(m[1]) }));

/**
 * The compiled route file for a pathname and its params, chosen as Next chooses: an exact static
 * route first, then the dynamic routes in the manifest's order (most specific first, the catch-all
 * last). The path has no escapes (PLAIN_PATH), so the params need no decoding.
 */
export function apiRouteTable(routes: RoutesManifest, appPaths: Record<string, string>) {
  const fileOf = (page: string) => appPaths[`${page}/route`];
  const statics = new Map<string, string>();
  for (const { page } of routes.staticRoutes) {
    const file = fileOf(page);
    if (page.startsWith(API_PREFIX) && file) statics.set(page, file);
  }
  const dynamics: { regex: RegExp; file: string; segments: ReturnType<typeof segmentsOf> }[] = [];
  for (const { page, regex } of routes.dynamicRoutes) {
    const file = fileOf(page);
    if (page.startsWith(API_PREFIX) && file) dynamics.push({ regex: new RegExp(regex), file, segments: segmentsOf(page) });
  }
  return (pathname: string): ApiRoute | null => {
    if (!PLAIN_PATH.test(pathname)) return null;
    const file = statics.get(pathname);
    if (file) return { file, params: {} };
    for (const route of dynamics) {
      const match = route.regex.exec(pathname);
      if (!match) continue;
      const params = Object.fromEntries(route.segments.map((s, i) => [s.name, s.catchAll ? match[i + 1]!.split('/') : match[i + 1]!]));
      return { file: route.file, params };
    }
    return null;
  };
}

/** Next's own helpers for what its router does to every request, so both paths do the same. */
interface NextInternals {
  filterInternalHeaders: (headers: IncomingMessage['headers']) => void;
  compression: () => (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  releaseCompressionStream: (res: ServerResponse) => void;
}

/**
 * The dispatcher for a production build in `dir`, served on `port`: it answers `true` when it has
 * taken the request, `false` when Next's router should.
 */
export function apiRouteDispatcher(dir: string, port: number) {
  const distDir = path.join(dir, '.next');
  const readJson = (file: string) => JSON.parse(readFileSync(path.join(distDir, file), 'utf8'));
  const routeOf = apiRouteTable(readJson('routes-manifest.json'), readJson('server/app-paths-manifest.json'));

  const load = createRequire(path.join(dir, 'package.json'));
  const next: NextInternals = {
    filterInternalHeaders: load('next/dist/server/lib/server-ipc/utils').filterInternalHeaders,
    compression: load('next/dist/compiled/compression'),
    releaseCompressionStream: load('next/dist/server/lib/release-compression-stream').releaseCompressionStream,
  };
  // Next's `compress` setting, as the build recorded it.
  const compressor = readJson('required-server-files.json').config?.compress === false ? null : next.compression();
  const modules = new Map<string, Promise<CompiledRoute>>();
  const moduleOf = (file: string) => {
    let compiled = modules.get(file);
    if (!compiled) {
      const loaded = load(path.join(distDir, 'server', file)) as { handler: NextRouteHandler; routeModule: RouteModule };
      compiled = loaded.routeModule.ensureUserland().then(() => ({ next: loaded.handler, exports: loaded.routeModule.userland }));
      modules.set(file, compiled);
    }
    return compiled;
  };
  // As Next's router server names the project to the route (it finds the router's context by it).
  const relativeProjectDir = path.relative(process.cwd(), dir);
  const waitUntil = (work: Promise<unknown>) =>
    void work.catch((error: unknown) => log('error', 'work after an API response failed', { error: String(error) }));

  async function serve(route: ApiRoute, req: IncomingMessage, res: ServerResponse, initURL: string, protocol: string) {
    const compiled = await moduleOf(route.file);
    const method = req.method ?? 'GET';
    const exported = compiled.exports[method];
    // HEAD (answered from GET) is Next's to answer, through the route's own entry point.
    if (!exported)
      return compiled.next(req, res, { waitUntil, requestMeta: { relativeProjectDir, distDir, minimalMode: false, initURL, initProtocol: protocol } });
    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const request = new Request(initURL, {
      method,
      headers: headersOf(req),
      body: method === 'GET' ? null : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
      duplex: 'half',
      signal: aborted.signal,
    } as RequestInit);
    await writeResponse(res, await exported(request, { params: Promise.resolve(route.params) }));
  }

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (!url.startsWith(API_PREFIX)) return false;
    const query = url.indexOf('?');
    const route = routeOf(query === -1 ? url : url.slice(0, query));
    if (!route || (query !== -1 && namesRouteParams(url.slice(query + 1)))) return false;
    next.filterInternalHeaders(req.headers);
    // As the router does: a socket error ends the request; it is not an uncaught exception.
    req.on('error', () => {});
    res.on('error', () => {});
    if (compressor) {
      compressor(req, res, () => {});
      res.once('close', () => {
        if (!res.writableFinished) next.releaseCompressionStream(res);
      });
    }
    const encrypted = (req.socket as TLSSocket).encrypted;
    const protocol = encrypted || String(req.headers['x-forwarded-proto'] ?? '').includes('https') ? 'https' : 'http';
    serve(route, req, res, `${protocol}://localhost:${port}${url}`, protocol).catch((error: unknown) => failed(req, res, error));
    return true;
  };
}

/** The request's headers as a fetch Headers, each repeated one kept. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** The handler answers its own errors; this is for one that escapes it (a route file that fails to load). */
function failed(req: IncomingMessage, res: ServerResponse, error: unknown) {
  if (res.headersSent) return void res.destroy();
  const requestId = requestIdOf({ get: (name) => [req.headers[name]].flat()[0] ?? null });
  void writeResponse(res, errorToResponse(error, requestId));
}

/**
 * Sends a web Response through Node's response object. An envelope is read whole; any other body (a
 * download) is piped as it comes, and given up when the client goes away.
 */
export async function writeResponse(res: ServerResponse, answer: Response) {
  const headers: Record<string, string | string[]> = Object.fromEntries(answer.headers);
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(answer.status, headers);
  if (!answer.body) return void res.end();
  if (answer.headers.get('content-type')?.startsWith('application/json')) return void res.end(Buffer.from(await answer.arrayBuffer()));
  await pipeline(Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>), res).catch(() => {});
}
