import 'server-only';
import { OAuthRequest } from '@jmondi/oauth2-server';
import { getDb } from '@/db/client';
import type { Db } from '@/db/client';
import { readBodyBytes } from '@/lib/api/body';
import { clientIp } from '@/lib/api/client-ip';
import { ipBudget, rateLimitedResponse, setRateLimitHeaders, spend } from '@/lib/api/rate-limit';
import { requestIdOf } from '@/lib/api/request-id';
import { errorToResponse } from '@/lib/api/error-response';
import { log } from '@/lib/log';
import { type Client, clientRepository } from './repositories';
import { CLIENT_ID_FORMAT } from './token-values';
import { OAuthException, oauthErrorResponse } from './server';

const BODY_LIMIT = 64 * 1024;

type Form = Record<string, string>;

/**
 * A POST endpoint of the authorization server (token, revocation, introspection): the client
 * address's budget, a form body (RFC 6749 §3.2: application/x-www-form-urlencoded, each parameter
 * once), errors in RFC 6749 §5.2's JSON form. `answer` gets the library's request.
 */
export function oauthEndpoint(answer: (db: Db, request: OAuthRequest, form: Form) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const requestId = requestIdOf(req.headers);
    const budget = await spend(endpointBudget(clientIp(req) ?? 'unknown'));
    let response: Response;
    if (budget?.allowed === false) response = rateLimitedResponse(budget);
    else {
      try {
        const form = await readForm(req);
        const headers = Object.fromEntries(req.headers);
        response = await answer(getDb(), new OAuthRequest({ body: { ...form }, headers }), form);
      } catch (error) {
        response = errorAnswer(error, requestId);
      }
    }
    if (budget) setRateLimitHeaders(response.headers, budget);
    response.headers.set('X-Request-Id', requestId);
    return response;
  };
}

/**
 * The OAuth endpoints count per client address apart from the API's budget, ten times as large: a
 * server-side app refreshing many agents' tokens from one address must not lock itself out of the API.
 */
function endpointBudget(ip: string) {
  const api = ipBudget(ip);
  return { ...api, key: `oauth-endpoint:${ip}`, limit: api.limit * 10 };
}

async function readForm(req: Request): Promise<Form> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw OAuthException.badRequest('Send the parameters as application/x-www-form-urlencoded');
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(req, BODY_LIMIT);
  } catch {
    throw OAuthException.badRequest(`The request body exceeds ${BODY_LIMIT} bytes`);
  }
  const form: Form = {};
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) {
    // RFC 6749 §3.1: parameters must not be included more than once.
    if (Object.hasOwn(form, name)) throw OAuthException.invalidParameter(name, `\`${name}\` is given more than once`);
    form[name] = value;
  }
  return form;
}

function errorAnswer(error: unknown, requestId: string): Response {
  if (error instanceof OAuthException) return oauthErrorResponse(error);
  log('error', 'oauth request failed', { requestId, error: error instanceof Error ? error.message : String(error) });
  const unavailable = errorToResponse(error, requestId).status === 503;
  return Response.json(
    { error: unavailable ? 'temporarily_unavailable' : 'server_error', error_description: `Quote request id ${requestId} when reporting this` },
    { status: unavailable ? 503 : 500, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** The credentials a client sends: `client_id` (and `client_secret`) in the form, or HTTP Basic (RFC 6749 §2.3.1). */
export function clientCredentialsOf(form: Form, authorization: unknown): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(typeof authorization === 'string' ? authorization : '');
  let credentials: { id?: string; secret?: string } = { id: form.client_id, secret: form.client_secret };
  if (basic?.[1]) {
    // RFC 6749 §2.3: one way of authenticating per request.
    if (form.client_secret !== undefined) throw OAuthException.invalidClient('Send the client credentials either by HTTP Basic or in the form, not both');
    const [user = '', ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    credentials = { id: safeDecode(user), secret: safeDecode(rest.join(':')) };
    if (form.client_id !== undefined && form.client_id !== credentials.id) throw OAuthException.invalidClient('client_id differs from the HTTP Basic user');
  }
  // Client ids are ours: anything else names no client, and is never sent to the database.
  if (credentials.id !== undefined && !CLIENT_ID_FORMAT.test(credentials.id)) throw OAuthException.invalidClient('Unknown client_id');
  if (credentials.secret?.includes('\0')) throw OAuthException.invalidClient('The client secret is wrong');
  return credentials;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The client, authenticated: a confidential one by its secret, a public one by its id alone.
 * The library answers a failed authentication on revocation with a silent 200; RFC 7009 §2.1 asks
 * for 401 invalid_client, so the endpoints check it first.
 */
export async function authenticateClient(db: Db, request: OAuthRequest, form: Form): Promise<Client> {
  const { id, secret } = clientCredentialsOf(form, request.headers.authorization);
  const clients = clientRepository(db);
  if (!id) throw OAuthException.invalidClient('Send client_id, or HTTP Basic credentials');
  const client = (await clients.getByIdentifier(id)) as Client;
  if (!(await clients.isClientValid('client_credentials', client, secret))) throw OAuthException.invalidClient('The client secret is wrong or missing');
  useCredentials(request, id, secret);
  return client;
}

/**
 * The library reads Basic only as exactly `Basic ` and prefers the form's client_id; the scheme is
 * case-insensitive (RFC 7235 §2.1). The credentials read here are handed to it as form parameters,
 * so both always see the same client.
 */
export function useCredentials(request: OAuthRequest, id: string, secret: string | undefined): void {
  delete request.headers.authorization;
  request.body.client_id = id;
  if (secret === undefined) delete request.body.client_secret;
  else request.body.client_secret = secret;
}

/** A library answer as a Fetch response; token answers must never be cached (RFC 6749 §5.1). */
export function fetchResponse(answer: { status: number; body: unknown; headers: Record<string, unknown> }): Response {
  const headers = new Headers({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string') headers.set(name, value);
  return Response.json(answer.body ?? {}, { status: answer.status, headers });
}
