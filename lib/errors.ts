/**
 * Domain errors. Services throw these; only lib/api knows how they map to HTTP statuses
 * and the reference's error envelope.
 */
export type FieldError = { field: string; message: string };

export class DomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly details: FieldError[],
    message = 'Validation failed for the request',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, options?: ErrorOptions) {
    super(`${resource} not found`, options);
  }
}

/** A conflict with the stored state; `details` names the field when one value is to blame (a taken email). */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    options?: ErrorOptions,
    readonly details?: FieldError[],
  ) {
    super(message, options);
  }
}
export class ForbiddenError extends DomainError {}
export class UnauthorizedError extends DomainError {}
export class PayloadTooLargeError extends DomainError {}
export class InvalidJsonError extends DomainError {}
/** A body in a format the endpoint does not read (JSON sent as text/plain or form data). */
export class UnsupportedMediaTypeError extends DomainError {}
/** Too many tries of one thing (guessing a password): wait `retryAfter` seconds. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
  }
}
/** The server is too busy for this now, but a retry soon may succeed. */
export class ServiceUnavailableError extends DomainError {}

/**
 * True when `error` (or an error it wraps, as Drizzle wraps the driver's) is PostgreSQL's
 * unique_violation on `index`: the check before an insert passed, but a concurrent request
 * committed the same value first.
 */
export function isUniqueViolation(error: unknown, index: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && e.code === '23505' && 'constraint_name' in e && e.constraint_name === index) return true;
  }
  return false;
}
