import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { departments } from './departments';

export const agentRole = pgEnum('agent_role', ['agent', 'admin']);
export const agentStatus = pgEnum('agent_status', ['active', 'inactive']);
export const agentAvailability = pgEnum('agent_availability', ['available', 'busy', 'away', 'offline']);

export type AgentNotificationPreferences = {
  ticket_assigned?: boolean;
  customer_replied?: boolean;
  new_ticket_in_department?: boolean;
  // What the desk's notification center shows (lib/notifications); a missing key takes its default.
  in_app?: { mention?: boolean; assigned?: boolean; customer_replied?: boolean };
};

/** Agents and admins: the people who sign in and work tickets. */
export const agents = pgTable(
  'agents',
  {
    id: id(),
    firstName: text().notNull(),
    lastName: text().notNull().default(''),
    email: text().notNull(),
    role: agentRole().notNull().default('agent'),
    status: agentStatus().notNull().default('active'),
    availability: agentAvailability().notNull().default('available'),
    passwordHash: text(),
    skills: text().array().notNull().default(sql`'{}'::text[]`),
    maxTickets: integer(),
    // Which emails the agent gets (lib/email/notifications.ts); a missing key takes its default.
    notifications: jsonb().$type<AgentNotificationPreferences>().notNull().default({}),
    // The IANA zone the desk shows and takes times in for this agent; null: their browser's own.
    timeZone: text(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('agents_email_lower_idx').on(sql`lower(${t.email})`), index().on(t.status)],
);

export const agentDepartments = pgTable(
  'agent_departments',
  {
    agentId: integer()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    departmentId: integer()
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.departmentId] }), index().on(t.departmentId)],
);

export type Agent = typeof agents.$inferSelect;
