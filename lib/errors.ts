/**
 * Domain errors. Services throw these; only lib/api knows how they map to HTTP statuses
 * and the reference's error envelope.
 */
export type FieldError = { field: string; message: string };

/** The reference's error codes (`error.code` of the envelope); lib/api/error-codes.ts gives each its HTTP status. */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'INVALID_JSON'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

/** Each class names its code once, here; a subclass keeps its parent's. */
export class DomainError extends Error {
  readonly code: ErrorCode = 'INTERNAL_ERROR';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  override readonly code: ErrorCode = 'VALIDATION_ERROR';

  constructor(
    readonly details: FieldError[],
    message = 'Validation failed for the request',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class NotFoundError extends DomainError {
  override readonly code: ErrorCode = 'NOT_FOUND';

  constructor(resource: string, options?: ErrorOptions) {
    super(`${resource} not found`, options);
  }
}

/** A conflict with the stored state; `details` names the field when one value is to blame (a taken email). */
export class ConflictError extends DomainError {
  override readonly code: ErrorCode = 'CONFLICT';

  constructor(
    message: string,
    options?: ErrorOptions,
    readonly details?: FieldError[],
  ) {
    super(message, options);
  }
}
export class ForbiddenError extends DomainError {
  override readonly code: ErrorCode = 'FORBIDDEN';
}
export class UnauthorizedError extends DomainError {
  override readonly code: ErrorCode = 'UNAUTHORIZED';
}
export class PayloadTooLargeError extends DomainError {
  override readonly code: ErrorCode = 'PAYLOAD_TOO_LARGE';
}
export class InvalidJsonError extends DomainError {
  override readonly code: ErrorCode = 'INVALID_JSON';
}
/** A body in a format the endpoint does not read (JSON sent as text/plain or form data). */
export class UnsupportedMediaTypeError extends DomainError {
  override readonly code: ErrorCode = 'UNSUPPORTED_MEDIA_TYPE';
}
/** Too many tries of one thing (guessing a password): wait `retryAfter` seconds. */
export class TooManyAttemptsError extends DomainError {
  override readonly code: ErrorCode = 'RATE_LIMIT_EXCEEDED';

  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
  }
}
/** The server is too busy for this now, but a retry soon may succeed. */
export class ServiceUnavailableError extends DomainError {
  override readonly code: ErrorCode = 'SERVICE_UNAVAILABLE';
}

export type PgError = Error & { code: string; constraint_name?: string };

/** PostgreSQL's own error inside the wrappers (Drizzle wraps the driver's): the first in the cause chain with a SQLSTATE. */
export function pgErrorOf(error: unknown): PgError | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as PgError;
  }
  return undefined;
}

/** The driver's words for a failed query, never Drizzle's wrapper message, which lists the query's parameters. */
export function driverMessage(error: unknown): string {
  const cause = pgErrorOf(error) ?? (error instanceof Error && error.cause instanceof Error ? error.cause : error);
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * True when `error` is PostgreSQL's unique_violation on `index`: the check before an insert
 * passed, but a concurrent request committed the same value first.
 */
export function isUniqueViolation(error: unknown, index: string): boolean {
  const pg = pgErrorOf(error);
  return pg?.code === '23505' && pg.constraint_name === index;
}
