import type { z } from 'zod';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';
import type { FieldError } from '@/lib/errors';

/** Only what an edit changed is sent, so that saving one field never rewrites someone else's edit of the rest. */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const earlier = new Map(Object.entries(before));
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(earlier.get(key)))) as Partial<T>;
}

/**
 * What the API's own schema says of a body: its field errors, or none. A body it accepts is one of
 * its inputs and is sent as it is, not as parsed, so that the API reads what was typed.
 */
export function checkBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; body: z.input<S> } | { ok: false; details: FieldError[] } {
  const check = schema.safeParse(body, { error: apiErrorMap });
  return check.success ? { ok: true, body: body as z.input<S> } : { ok: false, details: zodDetails(check.error) };
}
