import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { log } from '@/lib/log';
import { errorToResponse } from './error-response';
import { requestIdOf } from './request-id';

/**
 * `npm start` hands each /api/v1 request straight to the route handler Next compiled for its path,
 * as Next's own router does once it has resolved a route, and leaves everything else to that router.
 *
 * Why: for an API request the router server adds no behaviour of ours (no redirects, rewrites,
 * middleware, pages or files are configured under /api/v1), yet it cost 1.8 ms of CPU per request
 * of ticket lists, as much as the request's own queries and JSON. Served this way the request runs
 * the same compiled handler module, through the entry point Next gives its deployment adapters
 * (`handler(req, res, ctx)` of each route), with what the router would have done for it: the same
 * route chosen, internal headers dropped, responses compressed, the request's URL and project set
 * in its metadata.
 *
 * A path the router would rewrite first (a trailing or doubled slash, a dot segment, an escape)
 * is not served here, so Next answers it exactly as before.
 */

interface RoutesManifest {
  staticRoutes: { page: string }[];
  dynamicRoutes: { page: string; regex: string }[];
}

type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { waitUntil: (work: Promise<unknown>) => void; requestMeta: Record<string, unknown> },
) => Promise<unknown>;

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

/**
 * The compiled route file for a pathname, chosen as Next chooses: an exact static route first,
 * then the dynamic routes in the manifest's order (most specific first, the catch-all last).
 */
export function apiRouteTable(routes: RoutesManifest, appPaths: Record<string, string>) {
  const fileOf = (page: string) => appPaths[`${page}/route`];
  const statics = new Map<string, string>();
  for (const { page } of routes.staticRoutes) {
    const file = fileOf(page);
    if (page.startsWith(API_PREFIX) && file) statics.set(page, file);
  }
  const dynamics: { regex: RegExp; file: string }[] = [];
  for (const { page, regex } of routes.dynamicRoutes) {
    const file = fileOf(page);
    if (page.startsWith(API_PREFIX) && file) dynamics.push({ regex: new RegExp(regex), file });
  }
  return (pathname: string): string | null => {
    if (!PLAIN_PATH.test(pathname)) return null;
    return statics.get(pathname) ?? dynamics.find((route) => route.regex.test(pathname))?.file ?? null;
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
  const routeFile = apiRouteTable(readJson('routes-manifest.json'), readJson('server/app-paths-manifest.json'));

  const load = createRequire(path.join(dir, 'package.json'));
  const next: NextInternals = {
    filterInternalHeaders: load('next/dist/server/lib/server-ipc/utils').filterInternalHeaders,
    compression: load('next/dist/compiled/compression'),
    releaseCompressionStream: load('next/dist/server/lib/release-compression-stream').releaseCompressionStream,
  };
  // Next's `compress` setting, as the build recorded it.
  const compressor = readJson('required-server-files.json').config?.compress === false ? null : next.compression();
  const handlers = new Map<string, RouteHandler>();
  const handlerOf = (file: string) => {
    let handler = handlers.get(file);
    if (!handler) {
      handler = load(path.join(distDir, 'server', file)).handler as RouteHandler;
      handlers.set(file, handler);
    }
    return handler;
  };
  // As Next's router server names the project to the route (it finds the router's context by it).
  const relativeProjectDir = path.relative(process.cwd(), dir);
  const waitUntil = (work: Promise<unknown>) =>
    void work.catch((error: unknown) => log('error', 'work after an API response failed', { error: String(error) }));

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (!url.startsWith(API_PREFIX)) return false;
    const query = url.indexOf('?');
    const file = routeFile(query === -1 ? url : url.slice(0, query));
    if (!file || (query !== -1 && namesRouteParams(url.slice(query + 1)))) return false;
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
    const requestMeta = { relativeProjectDir, distDir, minimalMode: false, initURL: `${protocol}://localhost:${port}${url}`, initProtocol: protocol };
    Promise.resolve()
      .then(() => handlerOf(file)(req, res, { waitUntil, requestMeta }))
      .catch((error: unknown) => failed(req, res, error));
    return true;
  };
}

/** The handler answers its own errors; this is for one that escapes it (a route file that fails to load). */
function failed(req: IncomingMessage, res: ServerResponse, error: unknown) {
  if (res.headersSent) return void res.destroy();
  const requestId = requestIdOf({ get: (name) => [req.headers[name]].flat()[0] ?? null });
  void writeResponse(res, errorToResponse(error, requestId));
}

/** Sends a web Response through Node's response object. */
export async function writeResponse(res: ServerResponse, answer: Response) {
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(await answer.text());
}
