import {
  ConflictError,
  ForbiddenError,
  InvalidJsonError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  pgErrorOf,
} from '@/lib/errors';
import { log } from '@/lib/log';
import { isoTime } from '@/lib/time';
import { errorResponse } from './respond';

/** PostgreSQL SQLSTATEs that mean the client's request, not the server, is at fault. */
const clientFaults: Record<string, { status: number; code: 'CONFLICT' | 'VALIDATION_ERROR'; message: string }> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'A record with these values already exists' },
  '23503': { status: 409, code: 'CONFLICT', message: 'A related record was changed or removed by another request' },
  '40001': { status: 409, code: 'CONFLICT', message: 'The record was changed by another request; retry' },
  '40P01': { status: 409, code: 'CONFLICT', message: 'The record was changed by another request; retry' },
  // A ticket's text grew past what PostgreSQL can index (1 MB of search terms).
  '54000': { status: 400, code: 'VALIDATION_ERROR', message: 'The text is too large to be indexed for search' },
};

/** Maps domain errors to the reference's status codes and envelope; anything else is a logged 500. */
export function errorToResponse(error: unknown, requestId: string): Response {
  if (error instanceof ValidationError) return errorResponse(400, 'VALIDATION_ERROR', error.message, error.details);
  if (error instanceof InvalidJsonError) return errorResponse(400, 'INVALID_JSON', error.message);
  if (error instanceof UnauthorizedError) {
    return errorResponse(401, 'UNAUTHORIZED', error.message, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  if (error instanceof ForbiddenError) return errorResponse(403, 'FORBIDDEN', error.message);
  if (error instanceof NotFoundError) return errorResponse(404, 'NOT_FOUND', error.message);
  if (error instanceof ConflictError) return errorResponse(409, 'CONFLICT', error.message, error.details);
  if (error instanceof PayloadTooLargeError) return errorResponse(413, 'PAYLOAD_TOO_LARGE', error.message);
  if (error instanceof UnsupportedMediaTypeError) return errorResponse(415, 'UNSUPPORTED_MEDIA_TYPE', error.message);
  if (error instanceof TooManyAttemptsError) {
    const retry = String(error.retryAfter);
    return Response.json(
      { success: false, error: { code: 'RATE_LIMIT_EXCEEDED', message: error.message, retry_after: error.retryAfter }, timestamp: isoTime(new Date()) },
      { status: 429, headers: { 'Retry-After': retry } },
    );
  }
  if (error instanceof ServiceUnavailableError) return errorResponse(503, 'SERVICE_UNAVAILABLE', error.message, undefined, { 'Retry-After': '5' });

  const pg = pgErrorOf(error);
  const sqlState = pg?.code;
  if (databaseUnavailable(error, sqlState)) {
    log('error', 'database unavailable', { requestId, sqlState, error: errorCodeOf(error) });
    return errorResponse(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly', undefined, { 'Retry-After': '5' });
  }
  const fault = sqlState ? clientFaults[sqlState] : undefined;
  if (fault) {
    // Only the state and constraint: the wrapped error's message lists the query's parameters,
    // which can be password hashes or secrets.
    log('warn', 'request conflict', { requestId, sqlState, constraint: pg?.constraint_name });
    return errorResponse(fault.status, fault.code, fault.message);
  }
  log('error', 'request failed', { requestId, sqlState, error: pg ? `${pg.code}: ${pg.message}` : describe(error) });
  return errorResponse(500, 'INTERNAL_ERROR', `An unexpected error occurred; quote request id ${requestId} when reporting it`);
}

// The driver's own codes for a connection that could not be made or was lost, and Node's socket errors.
const connectionCodes = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

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

const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

