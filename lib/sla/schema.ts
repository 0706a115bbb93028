import { z } from 'zod';
import { ianaTimeZone } from '@/lib/customers/time-zones';
import { ticketPriorities } from '@/lib/tickets/schema';
import { atLeastOneField, namedRef, nothingToUpdate, plainText, queryInt, rowId, timestamp } from '@/lib/schema-helpers';

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

/** A year of minutes: longer targets are typing mistakes, and the clocks' arithmetic stays small. */
export const MAX_TARGET_MINUTES = 525_600;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'Must be a time of day as HH:MM, from 00:00 to 24:00' });

export const minutesOfClock = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

// Checked only once both times are valid: a malformed time has its own message.
const onlyWhenValid = { when: (payload: { issues: unknown[] }) => payload.issues.length === 0 };

const span = z.strictObject({ day: z.enum(weekdays), start: clockTime, end: clockTime }).refine((s) => minutesOfClock(s.end) > minutesOfClock(s.start), {
  message: 'A span must end after it starts',
  path: ['end'],
  ...onlyWhenValid,
});

/** The weekly hours the clocks run in, as spans of local time; no two spans of a day may overlap. */
const businessHours = z
  .array(span)
  .min(1, { message: 'Give at least one span of hours, or null for around the clock' })
  .max(28)
  .superRefine((spans, ctx) => {
    spans.forEach((a, i) => {
      const overlap = spans.findIndex(
        (b, j) => j < i && b.day === a.day && minutesOfClock(a.start) < minutesOfClock(b.end) && minutesOfClock(b.start) < minutesOfClock(a.end),
      );
      if (overlap >= 0) ctx.addIssue({ code: 'custom', path: [i], message: `Overlaps the ${a.day} span ${spans[overlap]!.start}–${spans[overlap]!.end}` });
    });
  });

// Holidays are days of real calendars: the years keep them within what PostgreSQL's dates hold (no year 0).
const holiday = z.iso
  .date({ message: 'Must be a date as YYYY-MM-DD' })
  .refine((d) => d >= '1900-01-01' && d <= '2999-12-31', { message: 'Must be a date from the year 1900 to 2999' });

const holidays = z
  .array(holiday)
  .max(366)
  .transform((list) => [...new Set(list)].sort());

const minutes = z.int().min(1).max(MAX_TARGET_MINUTES).nullable();

/** A priority's targets in business minutes; null for a measure the policy does not set. */
const target = z
  .strictObject({ first_response_minutes: minutes, resolution_minutes: minutes })
  .refine((t) => t.first_response_minutes !== null || t.resolution_minutes !== null, {
    message: 'Set a first response or a resolution target, or give null for the priority',
  });

const targets = z
  .strictObject(
    Object.fromEntries(ticketPriorities.map((p) => [p, target.nullable().default(null)])) as Record<
      (typeof ticketPriorities)[number],
      z.ZodDefault<z.ZodNullable<typeof target>>
    >,
  )
  .refine((t) => Object.values(t).some((v) => v !== null), { message: 'Set targets for at least one priority', ...onlyWhenValid });

const timeZone = z
  .string()
  .trim()
  .max(100)
  .transform((name, ctx) => {
    const zone = ianaTimeZone(name);
    if (zone) return zone;
    ctx.addIssue({ code: 'custom', message: 'Time zone must be an IANA time zone, e.g. Europe/London or UTC' });
    return z.NEVER;
  });

const fields = {
  name: z.string().trim().pipe(plainText(1, 100)),
  // The department whose tickets follow this policy; null: every ticket no department's policy covers.
  department_id: rowId.nullable(),
  // The zone of the business hours and holidays.
  time_zone: timeZone,
  // null: the clocks run around the clock.
  business_hours: businessHours.nullable(),
  // Local dates on which the clocks do not run.
  holidays,
  targets,
};

export const createSlaPolicySchema = z.object({
  ...fields,
  department_id: fields.department_id.default(null),
  time_zone: fields.time_zone.default('UTC'),
  business_hours: fields.business_hours.default(null),
  holidays: fields.holidays.default([]),
});

export const updateSlaPolicySchema = z
  .object({
    name: fields.name.optional(),
    department_id: fields.department_id.optional(),
    time_zone: fields.time_zone.optional(),
    business_hours: fields.business_hours.optional(),
    holidays: fields.holidays.optional(),
    targets: fields.targets.optional(),
  })
  .refine(atLeastOneField, nothingToUpdate);

export const listSlaPoliciesQuery = z.object({
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

const targetJson = z.strictObject({ first_response_minutes: z.int().nullable(), resolution_minutes: z.int().nullable() }).nullable();

export const slaPolicyJson = z.strictObject({
  id: z.int(),
  name: z.string(),
  department: namedRef.nullable(),
  time_zone: z.string(),
  business_hours: z.array(z.strictObject({ day: z.enum(weekdays), start: z.string(), end: z.string() })).nullable(),
  holidays: z.array(z.string()),
  targets: z.strictObject({ low: targetJson, normal: targetJson, high: targetJson, urgent: targetJson }),
  created_at: timestamp,
  updated_at: timestamp,
});

export type CreateSlaPolicyInput = z.infer<typeof createSlaPolicySchema>;
export type UpdateSlaPolicyInput = z.infer<typeof updateSlaPolicySchema>;
export type ListSlaPoliciesQuery = z.infer<typeof listSlaPoliciesQuery>;
export type SlaPolicyJson = z.infer<typeof slaPolicyJson>;
