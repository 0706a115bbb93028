import type { ErrorCode } from '@/lib/errors';

/**
 * Every error code of the reference's envelope with its HTTP status: errorToResponse answers by it,
 * and the OpenAPI document lists each operation's error responses from it.
 */
export const errorCodes = {
  VALIDATION_ERROR: { status: 400, description: 'The request is invalid; `details` names each field and its problem' },
  INVALID_JSON: { status: 400, description: 'The body is empty or not JSON' },
  UNAUTHORIZED: { status: 401, description: 'No valid API key or session' },
  FORBIDDEN: { status: 403, description: 'The key or agent lacks the permission this needs' },
  NOT_FOUND: { status: 404, description: 'No such resource' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The path does not serve this method; `Allow` lists those it does' },
  CONFLICT: { status: 409, description: 'The change conflicts with the stored state or with a concurrent request' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The body is larger than this endpoint takes' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not in a format this endpoint reads' },
  RATE_LIMIT_EXCEEDED: { status: 429, description: 'Too many requests; retry after `Retry-After` seconds' },
  INTERNAL_ERROR: { status: 500, description: 'An unexpected error; the message quotes the request id' },
  SERVICE_UNAVAILABLE: { status: 503, description: 'The database is unavailable or the server is busy; retry shortly' },
} as const satisfies Record<ErrorCode, { status: number; description: string }>;

export type ErrorStatus = (typeof errorCodes)[ErrorCode]['status'];

/** The codes a status can carry, in the table's order. */
export function codesOfStatus(status: number): ErrorCode[] {
  return (Object.keys(errorCodes) as ErrorCode[]).filter((code) => errorCodes[code].status === status);
}
