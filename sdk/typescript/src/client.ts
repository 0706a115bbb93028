import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type FetchOptions,
  type FetchResponse,
  type MaybeOptionalInit,
  type ParseAs,
} from 'openapi-fetch';
import { LoopdeskError } from './errors.js';
import { type PageStart, paginate } from './pagination.js';
import type { LoopdeskPaths } from './paths.js';
import { type Fetch, retrying } from './retry.js';

/** Sent in User-Agent, so a desk's logs tell which SDK called; a test keeps it equal to package.json's. */
export const SDK_VERSION = '0.1.0';

type Credentials =
  | { /** An API key, `ld_live_…`. */ apiKey: string; accessToken?: undefined }
  | { /** An OAuth access token, `ld_oat_…`, acting for the agent who approved the app. */ accessToken: string; apiKey?: undefined };

export type LoopdeskOptions = Credentials & {
  /** The desk's address, without `/api/v1`: `https://desk.example.com`. */
  baseUrl: string;
  /** Attempts after the first for a request that may be sent again (see README). Default 2. */
  maxRetries?: number;
  /** The longest wait before a retry; a `Retry-After` asking for more is not waited for. Default 60 000. */
  maxRetryDelayMs?: number;
  /** The first backoff ceiling when no `Retry-After` says how long, doubled at each retry. Default 500. */
  baseRetryDelayMs?: number;
  /** Sends every request; default the global fetch. */
  fetch?: Fetch;
  /** Your application's name and version, sent in User-Agent before the SDK's. */
  userAgent?: string;
};

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
type MediaType = `${string}/${string}`;
type PathsWith<Method extends HttpMethod> = ClientPathsWithMethod<Client<LoopdeskPaths>, Method>;

/** The init argument is optional exactly when the operation needs no params and no body, as in openapi-fetch. */
type RequiredKeys<T> = { [Key in keyof T]-?: Record<never, never> extends Pick<T, Key> ? never : Key }[keyof T];
type InitParam<Init> = RequiredKeys<NonNullable<Init>> extends never ? [Init?] : [Init];

/**
 * What a method takes after the path: params, body and fetch's options, as the document types them
 * for this operation. Unlike openapi-fetch's init, it is not inferred from the argument and has no
 * index signature, so a misspelt option (`parmas`) is an error instead of being dropped. Only
 * `parseAs`, which changes what a call resolves to, is inferred.
 */
type OperationInit<Path extends keyof LoopdeskPaths, Method extends HttpMethod, As extends ParseAs> = MaybeOptionalInit<LoopdeskPaths[Path], Method> & {
  parseAs?: As;
};

/** The success body: the envelope `{ success, data, pagination? }`, or `undefined` for a 204. */
export type SuccessBody<Path extends keyof LoopdeskPaths, Method extends HttpMethod, Init> = Exclude<
  FetchResponse<LoopdeskPaths[Path][Method], Init, MediaType>,
  { error: unknown }
>['data'];

/** Resolves to the success body, read as `parseAs` says (default `'json'`). */
export type LoopdeskMethod<Method extends HttpMethod> = <Path extends PathsWith<Method>, As extends ParseAs = 'json'>(
  url: Path,
  ...init: InitParam<OperationInit<Path, Method, As>>
) => Promise<SuccessBody<Path, Method, { parseAs: As }>>;

/** The GET paths that answer with a page of a list. */
export type ListPath = {
  [Path in PathsWith<'get'>]: SuccessBody<Path, 'get', Record<never, never>> extends { data: unknown[]; pagination: object } ? Path : never;
}[PathsWith<'get'>];

export type ListItem<Path extends ListPath> = SuccessBody<Path, 'get', Record<never, never>> extends { data: (infer Item)[] } ? Item : never;

/**
 * What runs underneath the typed methods: openapi-fetch over any path, building the request from
 * whatever params and body it is given. The types of `LoopdeskMethod` have already checked them.
 */
type AnyOperation = {
  parameters: { query?: Record<string, unknown>; path?: Record<string, unknown>; header?: Record<string, unknown> };
  requestBody?: { content: Record<MediaType, unknown> };
  responses: Record<number, { content?: Record<MediaType, unknown> }>;
};
type AnyPaths = Record<string, Record<HttpMethod, AnyOperation>>;
type AnyInit = FetchOptions<AnyOperation>;

/**
 * The Loopdesk API, every operation of its OpenAPI document typed through openapi-fetch. Each
 * method resolves to the success body and throws `LoopdeskError` for any answer outside 2xx.
 */
export class Loopdesk {
  readonly #client: Client<AnyPaths>;

  constructor(options: LoopdeskOptions) {
    const token = options.apiKey ?? options.accessToken;
    if (!token) throw new TypeError('Loopdesk needs an apiKey or an accessToken');
    if (options.apiKey !== undefined && options.accessToken !== undefined) throw new TypeError('Give Loopdesk an apiKey or an accessToken, not both');
    this.#client = createClient<AnyPaths>({
      baseUrl: options.baseUrl,
      headers: { Authorization: `Bearer ${token}`, 'User-Agent': userAgent(options.userAgent) },
      fetch: retrying(options.fetch ?? ((request) => fetch(request)), {
        maxRetries: options.maxRetries ?? 2,
        maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
        baseRetryDelayMs: options.baseRetryDelayMs ?? 500,
      }),
    });
  }

  readonly GET: LoopdeskMethod<'get'> = (url, ...init) => this.#send('get', url, init[0]);
  readonly POST: LoopdeskMethod<'post'> = (url, ...init) => this.#send('post', url, init[0]);
  readonly PUT: LoopdeskMethod<'put'> = (url, ...init) => this.#send('put', url, init[0]);
  readonly PATCH: LoopdeskMethod<'patch'> = (url, ...init) => this.#send('patch', url, init[0]);
  readonly DELETE: LoopdeskMethod<'delete'> = (url, ...init) => this.#send('delete', url, init[0]);

  /**
   * Every item of a list, page after page, as you iterate: `for await (const ticket of
   * loopdesk.paginate('/api/v1/tickets', { params: { query: { status: 'open' } } }))`.
   */
  paginate<Path extends ListPath>(url: Path, ...init: InitParam<OperationInit<Path, 'get', 'json'>>): AsyncGenerator<ListItem<Path>, void, undefined> {
    const options: AnyInit | undefined = init[0];
    return paginate<ListItem<Path>>((start) =>
      this.#send('get', url, { ...options, params: { ...options?.params, query: pageQuery(options?.params?.query, start) } }),
    );
  }

  async #send<Body>(method: HttpMethod, url: string, init: AnyInit | undefined): Promise<Body> {
    const { data, error, response } = await this.#client.request(method, url, init);
    if (!response.ok) throw new LoopdeskError(response.status, error, response.headers);
    return data as Body;
  }
}

/** The caller's query with the next page's start; a cursor replaces any page number, which the API refuses beside it. */
function pageQuery(query: Record<string, unknown> | undefined, start: PageStart): Record<string, unknown> | undefined {
  if (start === undefined) return query;
  const { page: _page, after: _after, ...rest } = query ?? {};
  return { ...rest, ...start };
}

function userAgent(application: string | undefined): string {
  const sdk = `loopdesk-sdk-typescript/${SDK_VERSION}`;
  return application ? `${application} ${sdk}` : sdk;
}
