/// <reference types="vite/client" />
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import type { Pagination } from '@/lib/api/respond';
import type { FieldError } from '@/lib/errors';
import { checkAnswerAgainstDocument, documented } from './contract';

/**
 * Calls the real route handlers the way Next's router does: the URL picks the app/api/v1
 * route file (static segments before [id], catch-all last), the method picks the export.
 */
type RouteContext = { params?: Promise<Record<string, string | string[]>> };
type RouteModule = Record<string, (req: Request, ctx: RouteContext) => Promise<Response>>;

const modules = import.meta.glob<RouteModule>('/app/api/v1/**/route.ts');

const routes = Object.entries(modules)
  .map(([file, load]) => {
    const segments = file
      .replace(/^\/app/, '')
      .replace(/\/route\.ts$/, '')
      .split('/')
      .filter(Boolean);
    return { segments, load, rank: segments.map((s) => (s.startsWith('[...') ? 2 : s.startsWith('[') ? 1 : 0)).join('') };
  })
  .sort((a, b) => a.rank.localeCompare(b.rank));

function match(pathname: string) {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  for (const route of routes) {
    const params: Record<string, string | string[]> = {};
    let ok = true;
    for (let i = 0; i < route.segments.length && ok; i++) {
      const seg = route.segments[i]!;
      if (seg.startsWith('[...')) {
        params[seg.slice(4, -1)] = parts.slice(i);
        return parts.length > i ? { route, params } : undefined;
      }
      if (seg.startsWith('[')) params[seg.slice(1, -1)] = parts[i] ?? '';
      else ok = seg === parts[i];
    }
    if (ok && parts.length === route.segments.length) return { route, params };
  }
  return undefined;
}

export type Envelope<T> = {
  success: boolean;
  data: T;
  pagination: Pagination;
  error: { code: string; message: string; details?: FieldError[]; retry_after?: number };
  timestamp: string;
};

export type CallOptions = {
  key?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  ip?: string;
};

export type ApiResult<T> = { status: number; headers: Headers; body: Envelope<T>; response: Response };

/** Sends one request through the handler and parses the JSON envelope (body is null for 204). */
export async function call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const response = await send(method, path, options);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, response };
}

export async function send(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const url = new URL(path, 'http://localhost:3000');
  const found = match(url.pathname);
  if (!found) throw new Error(`No route file for ${url.pathname}`);
  const headers = new Headers(options.headers);
  if (options.key) headers.set('authorization', `Bearer ${options.key}`);
  headers.set(CLIENT_IP_HEADER, options.ip ?? '127.0.0.1');
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set('content-type', 'application/json');
  }
  const mod = await found.route.load();
  const handler = mod[method];
  if (!handler) return new Response(null, { status: 405 });
  // Like Next, give params only to routes with dynamic segments.
  const context: RouteContext = Object.keys(found.params).length > 0 ? { params: Promise.resolve(found.params) } : {};
  const response = await handler(new Request(url, { method, headers, body }), context);
  await checkContract(method, found.route.segments, response);
  return response;
}

/** Every answer an API test gets is checked against the OpenAPI document (lib/test/contract.ts). */
async function checkContract(method: string, segments: string[], response: Response) {
  const template = `/${segments.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`;
  if (!documented(method, template)) return;
  const type = response.headers.get('content-type');
  const body = type?.startsWith('application/json') ? await response.clone().json() : undefined;
  checkAnswerAgainstDocument(method, template, response.status, type, body);
}
