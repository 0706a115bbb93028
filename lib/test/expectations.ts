import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import { systemContext } from '@/lib/context';
import { events } from '@/db/schema';
import type { FieldError } from '@/lib/errors';
import type { ApiResult } from '@/lib/test/api';
import { createTicketSchema } from '@/lib/tickets/schema';
import { createTicket } from '@/lib/tickets/service';
import type { TicketJson, toTicketSummaryJson } from '@/lib/tickets/serialize';

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

const system = () => systemContext(getDb(), 'test-fixture');

/** A ticket made through the service, as the API would make it, for tests that need one to exist. */
export function ticketFixture(input: Partial<z.input<typeof createTicketSchema>> = {}): Promise<TicketJson> {
  return createTicket(system(), createTicketSchema.parse({ subject: 'Unable to login to account', ...input }));
}

/** The domain events written for one ticket, oldest first. */
export async function ticketEvents(ticketId: number) {
  return getDb()
    .select()
    .from(events)
    .where(and(eq(events.resourceType, 'ticket'), eq(events.resourceId, ticketId)))
    .orderBy(asc(events.id));
}

/** A list or search item: the reference's list shape plus what an inbox row shows. */
export type TicketSummaryJson = ReturnType<typeof toTicketSummaryJson>;

/** The 409 for a value another record has (an email, a key): the message, and the same on that field. */
export const fieldConflict = (field: string, message: string) => ({ status: 409, code: 'CONFLICT', message, details: [{ field, message }] });
export const emailConflict = (message: string) => fieldConflict('email', message);
