import {
  ConflictError,
  ForbiddenError,
  InvalidJsonError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '@/lib/errors';
import { log } from '@/lib/log';
import { errorResponse } from './respond';

/** PostgreSQL SQLSTATEs that mean the client's request, not the server, is at fault. */
const clientFaults: Record<string, { status: number; code: 'CONFLICT' | 'VALIDATION_ERROR'; message: string }> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'A record with these values already exists' },
  '23503': { status: 409, code: 'CONFLICT', message: 'A related record was changed or removed by another request' },
  '40001': { status: 409, code: 'CONFLICT', message: 'The record was changed by another request; retry' },
  '40P01': { status: 409, code: 'CONFLICT', message: 'The record was changed by another request; retry' },
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
  if (error instanceof ConflictError) return errorResponse(409, 'CONFLICT', error.message);
  if (error instanceof PayloadTooLargeError) return errorResponse(413, 'PAYLOAD_TOO_LARGE', error.message);

  const sqlState = sqlStateOf(error);
  const fault = sqlState ? clientFaults[sqlState] : undefined;
  if (fault) {
    log('warn', 'request conflict', { requestId, sqlState, error: String(error) });
    return errorResponse(fault.status, fault.code, fault.message);
  }
  log('error', 'request failed', { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return errorResponse(500, 'INTERNAL_ERROR', `An unexpected error occurred; quote request id ${requestId} when reporting it`);
}

function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
