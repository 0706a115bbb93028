import { sql } from 'drizzle-orm';
import { date, integer, jsonb, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { departments } from './departments';

/** One span of business hours: an ISO weekday (1 = Monday) and minutes after local midnight (end up to 1440). */
export type BusinessHoursSpan = { day: number; start: number; end: number };
/** Business minutes allowed per priority; null: no target for that measure. */
export type SlaTargets = Partial<Record<'low' | 'normal' | 'high' | 'urgent', { first_response: number | null; resolution: number | null }>>;

/**
 * Service-level targets. A ticket follows its department's policy, or else the one policy with no
 * department; the clocks count business time only, and the SQL that runs them (migration
 * 0030_sla_policies: sla_business_seconds, sla_business_add, sla_clock, tickets_sla_before) reads
 * these columns as they are.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    name: text().notNull(),
    departmentId: integer().references(() => departments.id, { onDelete: 'cascade' }),
    timeZone: text().notNull(),
    // Null: the clocks run around the clock.
    businessHours: jsonb().$type<BusinessHoursSpan[]>(),
    holidays: date({ mode: 'string' }).array().notNull().default(sql`'{}'::date[]`),
    targets: jsonb().$type<SlaTargets>().notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('sla_policies_name_idx').on(sql`lower(${t.name})`),
    // One policy per department, and one for the rest.
    unique('sla_policies_department_key').on(t.departmentId).nullsNotDistinct(),
  ],
);

export type SlaPolicy = typeof slaPolicies.$inferSelect;
