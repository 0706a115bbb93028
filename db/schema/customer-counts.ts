import { bigint, pgTable, primaryKey, smallint } from 'drizzle-orm/pg-core';
import { customerStatus } from './customers';

/**
 * How many customers there are per status, kept exact by statement-level triggers on customers in
 * the same transaction as every write (migration 0016_customer_counts_triggers), so the customer
 * list's total without a search or date filter is a sum of a few rows. Spread over `slot`s like
 * ticket_counts; readers sum them.
 */
export const customerCounts = pgTable(
  'customer_counts',
  {
    status: customerStatus().notNull(),
    slot: smallint().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.status, t.slot] })],
);
