import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { getDb } from '@/db/client';
import { events } from '@/db/schema';
import type { FieldError } from '@/lib/errors';
import type { ApiResult } from '@/lib/test/api';

/** The reference writes times as `2025-08-23T10:30:00Z`: UTC, whole seconds. */
export const isoSeconds = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export const ticketNumber = /^TKT-\d{4}-\d{6}$/;

type ExpectedError = { status: number; code: string; message?: string; details?: FieldError[] };

/** Asserts the whole error envelope: `{success:false, error:{code, message, details?}, timestamp}`. */
export function expectError(res: ApiResult<unknown>, expected: ExpectedError): void {
  const error = {
    code: expected.code,
    message: expected.message ?? (expected.code === 'VALIDATION_ERROR' ? 'Validation failed for the request' : expect.any(String)),
    ...(expected.details ? { details: expected.details } : {}),
  };
  expect({ status: res.status, body: res.body }).toEqual({
    status: expected.status,
    body: { success: false, error, timestamp: expect.stringMatching(isoSeconds) },
  });
}

export function expectValidationError(res: ApiResult<unknown>, details: FieldError[]): void {
  expectError(res, { status: 400, code: 'VALIDATION_ERROR', details });
}

/** The domain events written for one resource, oldest first. */
function resourceEvents(resourceType: 'ticket' | 'customer', resourceId: number) {
  return getDb()
    .select()
    .from(events)
    .where(and(eq(events.resourceType, resourceType), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.id));
}

export const ticketEvents = (ticketId: number) => resourceEvents('ticket', ticketId);
export const customerEvents = (customerId: number) => resourceEvents('customer', customerId);

/** The 409 for a value another record has (an email, a key): the message, and the same on that field. */
export const fieldConflict = (field: string, message: string) => ({ status: 409, code: 'CONFLICT', message, details: [{ field, message }] });
export const emailConflict = (message: string) => fieldConflict('email', message);
