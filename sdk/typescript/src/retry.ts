import { retryAfterMs } from './retry-after.js';

export type Fetch = (request: Request) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  /** The longest wait between attempts; a `Retry-After` asking for more is not waited for. */
  maxRetryDelayMs: number;
  /** The backoff's first ceiling, doubled at each retry. */
  baseRetryDelayMs: number;
}

/** Rate limited, a database that did not answer, or a proxy that could not reach the app. */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Methods whose second copy does no more than the first: reads, and DELETE (whose retry, if the
 * first copy did the work, answers 404). PUT is idempotent in RFC 9110 §9.2.2 but not here:
 * `PUT /tickets/{id}` with `internal_note` adds a note each time it runs. PUT and PATCH are
 * never resent.
 */
const RESENDABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/**
 * A fetch that sends a request again after a network error, a 429, 502, 503 or 504, when a second
 * copy cannot do the work twice: GET, HEAD, OPTIONS or DELETE, or a POST carrying an
 * Idempotency-Key, whose retry the API answers with the first answer (it honours the key on POST
 * only). It waits what `Retry-After` asks, else an exponential backoff with full jitter; the last
 * answer is returned as it came, so a PUT's or PATCH's 429 reaches the caller with its Retry-After.
 */
export function retrying(fetch: Fetch, policy: RetryPolicy): Fetch {
  return async (request) => {
    const retries = isResendable(request) ? policy.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      let response: Response;
      try {
        // Each attempt but the last sends a copy, so the body is still there to send again.
        response = await fetch(last ? request : request.clone());
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        await sleep(backoffMs(attempt, policy), request.signal);
        continue;
      }
      if (last || !RETRIED_STATUSES.has(response.status)) return response;
      const wait = retryAfterMs(response.headers.get('Retry-After')) ?? backoffMs(attempt, policy);
      if (wait > policy.maxRetryDelayMs) return response;
      await response.body?.cancel();
      await sleep(wait, request.signal);
    }
  };
}

function isResendable(request: Request): boolean {
  return RESENDABLE_METHODS.has(request.method) || (request.method === 'POST' && request.headers.has('Idempotency-Key'));
}

/** "Full jitter": anywhere up to the doubled ceiling, so clients that failed together spread out. */
function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.random() * Math.min(policy.maxRetryDelayMs, policy.baseRetryDelayMs * 2 ** attempt);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
