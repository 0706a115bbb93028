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

export class ConflictError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class UnauthorizedError extends DomainError {}
export class PayloadTooLargeError extends DomainError {}
export class InvalidJsonError extends DomainError {}
