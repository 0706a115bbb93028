import { retryAfterMs } from './retry-after.js';
import type { components } from './schema.js';

type ErrorEnvelope = components['schemas']['Error'];
export type LoopdeskErrorCode = ErrorEnvelope['error']['code'];
export type LoopdeskErrorDetail = NonNullable<ErrorEnvelope['error']['details']>[number];

/**
 * Any answer outside 2xx. `code`, `message` and `details` are the API's error envelope; an answer
 * that is not one (a proxy's 502 page, say) gets `code` `HTTP_<status>` and keeps what it said in
 * `body`.
 */
export class LoopdeskError extends Error {
  override readonly name = 'LoopdeskError';
  readonly status: number;
  /** One of `LoopdeskErrorCode`, or `HTTP_<status>` when the answer was not the API's envelope. */
  readonly code: string;
  /** For `VALIDATION_ERROR`, one entry per invalid field, with paths like `tickets[2].priority`. */
  readonly details: LoopdeskErrorDetail[] | undefined;
  /** The answer's `X-Request-Id`: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** Seconds to wait before trying again, when the answer said (429, 503). */
  readonly retryAfter: number | undefined;
  /** The answer's body: the parsed envelope, the text of anything else, `undefined` when empty. */
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers) {
    const envelope = isErrorEnvelope(body) ? body.error : undefined;
    super(envelope?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = envelope?.code ?? `HTTP_${status}`;
    this.details = envelope?.details;
    this.requestId = headers.get('X-Request-Id') ?? undefined;
    this.retryAfter = retryAfterSeconds(headers, envelope);
    this.body = body;
  }
}

function retryAfterSeconds(headers: Headers, envelope: ErrorEnvelope['error'] | undefined): number | undefined {
  const ms = retryAfterMs(headers.get('Retry-After'));
  return ms === undefined ? envelope?.retry_after : Math.ceil(ms / 1000);
}

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return (
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && 'message' in error && typeof error.message === 'string'
  );
}
