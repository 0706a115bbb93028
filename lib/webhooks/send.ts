import http from 'node:http';
import https from 'node:https';
import { ValidationError } from '@/lib/errors';
import { checkWebhookUrl, guardedLookup } from './ssrf';

/** A receiver has this long, from the first DNS lookup to the status line, to answer. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** How much of a response body the delivery log keeps. */
export const RESPONSE_BODY_BYTES = 2048;

export type AttemptErrorCode = 'timeout' | 'dns' | 'connection_refused' | 'connection_error' | 'tls' | 'blocked_target' | 'redirect' | 'http_error';

export type AttemptOutcome = {
  attemptedAt: Date;
  durationMs: number;
  ok: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  error: AttemptErrorCode | null;
  errorMessage: string | null;
  /** From a Retry-After header on a 429 or 503. */
  retryAfterSeconds: number | null;
};

type Failure = { error: AttemptErrorCode; errorMessage: string };

/**
 * POSTs one webhook request. The target is checked against the SSRF rules again (DNS may have
 * changed since the webhook was saved) and at connect time through guardedLookup; redirects are
 * not followed. Never throws: every way a request can go wrong is an outcome for the log.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome> {
  const attemptedAt = new Date();
  const started = performance.now();
  const finish = (result: Partial<AttemptOutcome> & Pick<AttemptOutcome, 'ok'>): AttemptOutcome => ({
    attemptedAt,
    durationMs: Math.round(performance.now() - started),
    responseStatus: null,
    responseBody: null,
    error: null,
    errorMessage: null,
    retryAfterSeconds: null,
    ...result,
  });

  const deadline = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  try {
    const target = await withDeadline(checkWebhookUrl(url), deadline);
    const { status, text, location, retryAfter } = await request(target, body, headers, deadline);
    const answer = { responseStatus: status, responseBody: text };
    if (status >= 200 && status < 300) return finish({ ok: true, ...answer });
    const failure: Failure =
      status >= 300 && status < 400
        ? { error: 'redirect', errorMessage: `HTTP ${status}: redirects are not followed${location ? ` (Location: ${location})` : ''}` }
        : { error: 'http_error', errorMessage: `HTTP ${status}` };
    const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfter(retryAfter, attemptedAt) : null;
    return finish({ ok: false, ...answer, ...failure, retryAfterSeconds });
  } catch (error) {
    return finish({ ok: false, ...describeFailure(error, deadline) });
  }
}

type Response = { status: number; text: string; location?: string; retryAfter?: string };

/**
 * Connections to receivers stay open between deliveries, as a busy desk sends many to the same
 * endpoint: a new connection for each took a handshake and a teardown in both processes. Each is
 * still opened through guardedLookup, so a reused one goes where a checked lookup pointed. An idle
 * one is closed after 4 s, before the 5 s after which common servers close theirs.
 */
const IDLE_CONNECTION_MS = 4_000;
const keepAlive = { keepAlive: true, maxSockets: 16, maxFreeSockets: 4, timeout: IDLE_CONNECTION_MS };
const agents = { http: new http.Agent(keepAlive), https: new https.Agent(keepAlive) };

function request(url: URL, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  const [transport, agent] = url.protocol === 'https:' ? [https, agents.https] : [http, agents.http];
  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup,
      signal,
      agent,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (complete: boolean) => {
        // A response read to its end leaves the connection for the next delivery; one cut short closes it.
        if (!complete) res.destroy();
        const text = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_BYTES).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          text,
          location: header(res.headers.location),
          retryAfter: header(res.headers['retry-after']),
        });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_BYTES) done(false);
      });
      res.on('end', () => done(true));
      // The status line is the answer; a body cut off by the deadline keeps what arrived.
      res.on('error', () => done(false));
    });
    req.end(body);
  });
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function withDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeFailure(error: unknown, deadline: AbortSignal): Failure {
  if (deadline.aborted) return { error: 'timeout', errorMessage: `No response within ${REQUEST_TIMEOUT_MS / 1000} s` };
  if (error instanceof ValidationError) {
    const reason = error.details[0]?.message ?? error.message;
    return /could not be resolved/.test(reason) ? { error: 'dns', errorMessage: reason } : { error: 'blocked_target', errorMessage: reason };
  }
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_WEBHOOK_TARGET_REFUSED') return { error: 'blocked_target', errorMessage: message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return { error: 'dns', errorMessage: message };
  if (code === 'ECONNREFUSED') return { error: 'connection_refused', errorMessage: message };
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return { error: 'tls', errorMessage: message };
  return { error: 'connection_error', errorMessage: message };
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return '';
}

/**
 * HTTP-date's three forms (RFC 9110 §5.6.7): IMF-fixdate and RFC 850 (both GMT), and asctime (GMT
 * without saying so). Checked before Date.parse, which reads garbage like `1.5` as a date in 2001.
 */
const GMT_DATE = /^[A-Za-z]{3,9}, \d\d[ -][A-Za-z]{3}[ -]\d{2,4} \d\d:\d\d:\d\d GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const httpDate = GMT_DATE.test(trimmed) ? trimmed : ASCTIME_DATE.test(trimmed) ? `${trimmed} GMT` : null;
  const date = httpDate === null ? NaN : Date.parse(httpDate);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
