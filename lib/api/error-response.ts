import { ConflictError, DomainError, TooManyAttemptsError, ValidationError, pgErrorOf } from '@/lib/errors';
import { log } from '@/lib/log';
import { isoTime } from '@/lib/time';
import { errorCodes } from './error-codes';
import { errorResponse } from './respond';

/** PostgreSQL SQLSTATEs that mean the client's request, not the server, is at fault. */
const clientFaults: Record<string, { code: 'CONFLICT' | 'VALIDATION_ERROR'; message: string }> = {
  '23505': { code: 'CONFLICT', message: 'A record with these values already exists' },
  '23503': { code: 'CONFLICT', message: 'A related record was changed or removed by another request' },
  '40001': { code: 'CONFLICT', message: 'The record was changed by another request; retry' },
  '40P01': { code: 'CONFLICT', message: 'The record was changed by another request; retry' },
  // A ticket's text grew past what PostgreSQL can index (1 MB of search terms).
  '54000': { code: 'VALIDATION_ERROR', message: 'The text is too large to be indexed for search' },
};

/** Maps domain errors to the reference's status codes and envelope; anything else is a logged 500. */
export function errorToResponse(error: unknown, requestId: string): Response {
  // A bare DomainError names no code of its own: it is an unexpected error like any other.
  if (error instanceof DomainError && error.code !== 'INTERNAL_ERROR') return domainErrorResponse(error);

  const pg = pgErrorOf(error);
  const sqlState = pg?.code;
  if (databaseUnavailable(error, sqlState)) {
    log('error', 'database unavailable', { requestId, sqlState, error: errorCodeOf(error) });
    return errorResponse(errorCodes.SERVICE_UNAVAILABLE.status, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly', undefined, RETRY_SOON);
  }
  const fault = sqlState ? clientFaults[sqlState] : undefined;
  if (fault) {
    // Only the state and constraint: the wrapped error's message lists the query's parameters,
    // which can be password hashes or secrets.
    log('warn', 'request conflict', { requestId, sqlState, constraint: pg?.constraint_name });
    return errorResponse(errorCodes[fault.code].status, fault.code, fault.message);
  }
  log('error', 'request failed', { requestId, sqlState, error: pg ? `${pg.code}: ${pg.message}` : errorText(error) });
  return errorResponse(errorCodes.INTERNAL_ERROR.status, 'INTERNAL_ERROR', `An unexpected error occurred; quote request id ${requestId} when reporting it`);
}

/** The status from the table; the headers and fields some codes carry beside the message. */
function domainErrorResponse(error: DomainError): Response {
  const { status } = errorCodes[error.code];
  if (error instanceof TooManyAttemptsError) {
    const body = { success: false, error: { code: error.code, message: error.message, retry_after: error.retryAfter }, timestamp: isoTime(new Date()) };
    return Response.json(body, { status, headers: { 'Retry-After': String(error.retryAfter) } });
  }
  const details = error instanceof ValidationError || error instanceof ConflictError ? error.details : undefined;
  const headers = error.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': challengeOf(error) } : error.code === 'SERVICE_UNAVAILABLE' ? RETRY_SOON : undefined;
  return errorResponse(status, error.code, error.message, details, headers);
}

const RETRY_SOON = { 'Retry-After': '5' };

/** RFC 6750 §3: a plain `Bearer` challenge, or the one an error names (an OAuth token's `invalid_token`). */
const challengeOf = (error: DomainError) => ('challenge' in error && typeof error.challenge === 'string' ? error.challenge : 'Bearer');

// The driver's own codes for a connection that could not be made or was lost, and Node's socket errors.
const connectionCodes = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/**
 * PostgreSQL is down, restarting or full: the request may succeed on a retry, so it is a 503,
 * not a 500. SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, starting up),
 * 53300 (too many connections).
 */
function databaseUnavailable(error: unknown, sqlState: string | undefined): boolean {
  if (sqlState && (sqlState.startsWith('08') || /^57P0[123]$/.test(sqlState) || sqlState === '53300')) return true;
  const code = errorCodeOf(error);
  return code !== undefined && connectionCodes.has(code);
}

function errorCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
