import { z } from 'zod';

/**
 * Text PostgreSQL can store: NUL characters and unpaired UTF-16 surrogates (which JSON's \u
 * escapes can carry, and jsonb rejects) are refused up front rather than failing in the database.
 */
export const plainText = (min = 0, max = 100_000) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'Must not contain NUL characters' })
    .refine((s) => !/\p{Cs}/u.test(s), { message: 'Must be valid Unicode text' });

/**
 * A required email address, trimmed, in the reference's words: "Email address is required" when it
 * is missing or blank (a form's empty box), "Email format is invalid" when it is not an address.
 */
export const emailAddress = () =>
  z
    .string({ error: (issue) => (issue.input == null ? 'Email address is required' : undefined) })
    .trim()
    .min(1, { message: 'Email address is required', abort: true })
    // The length is checked before the format: z.email's message would otherwise stand for its max() too.
    .max(254)
    .pipe(z.email({ message: 'Email format is invalid' }));

/** A reference to another row: integer ids, as the reference shows them. */
export const rowId = z.number().int().positive().max(2_147_483_647);

const dateOnly = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });

/**
 * ISO 8601: `2025-08-24T18:00:00Z`, with an offset, or a bare date, which means that day's first
 * second (or, for the end of a period, its last: the reference's periods end at 23:59:59).
 */
const isoDate = (bareDateTime: 'T00:00:00Z' | 'T23:59:59Z') =>
  z
    .string()
    .refine((s) => dateOnly.safeParse(s).success || dateTime.safeParse(s).success, {
      message: 'Must be an ISO 8601 date or date-time, e.g. 2025-08-24T18:00:00Z',
    })
    .transform((s) => new Date(s.length === 10 ? `${s}${bareDateTime}` : s))
    // PostgreSQL reads the ISO strings we send it only for years 1 to 9999 (UTC).
    .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, { message: 'Must be a date between the years 0001 and 9999' });

export const isoDateTime = isoDate('T00:00:00Z');
export const isoPeriodEnd = isoDate('T23:59:59Z');

/**
 * Query values arrive as strings; `status=open,pending` (or the key repeated) means any of them.
 * At most `max` values: each becomes a term of the query, and zod counts them before checking any.
 */
export const commaList = <T extends z.ZodType>(item: T, max = 100) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).min(1).max(max),
  );

/** An integer in a query string. */
export const queryInt = (min: number, max: number) =>
  z.string().regex(/^\d+$/, { message: 'Must be a whole number' }).transform(Number).pipe(z.number().int().min(min).max(max));

/** Partial updates: a body that sets no field at all is refused (`.refine(atLeastOneField, nothingToUpdate)`). */
export const atLeastOneField = (body: object) => Object.values(body).some((v) => v !== undefined);
export const nothingToUpdate = { message: 'Give at least one field to update' };

/** Response fields: a time as the API writes it (ISO 8601 in UTC with `Z`, whole seconds), and a `{id, name}` reference. */
export const timestamp = z.iso.datetime({ precision: 0 });
export const namedRef = z.strictObject({ id: z.int(), name: z.string() });
