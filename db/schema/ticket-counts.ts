import { bigint, integer, pgTable, primaryKey, smallint } from 'drizzle-orm/pg-core';
import { ticketPriority, ticketStatus } from './tickets';

/**
 * How many tickets there are per status × priority × department × assignee, kept exact by
 * statement-level triggers on tickets in the same transaction as every write (migration
 * 0009_ticket_counts), so a list's `total` for those filters is a sum over a few thousand rows
 * instead of a count over a million. 0 stands for "none" in department_id and assigned_agent_id.
 * Each combination is spread over `slot`s (the writer's backend pid modulo 8), so concurrent
 * writers rarely wait on the same row; readers sum the slots.
 */
export const ticketCounts = pgTable(
  'ticket_counts',
  {
    status: ticketStatus().notNull(),
    priority: ticketPriority().notNull(),
    departmentId: integer().notNull(),
    assignedAgentId: integer().notNull(),
    slot: smallint().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.status, t.priority, t.departmentId, t.assignedAgentId, t.slot] })],
);
