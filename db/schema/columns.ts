import { integer, timestamp } from 'drizzle-orm/pg-core';

/** Integer ids, as the reference shows them (`"id": 78901`). */
export const id = () => integer().primaryKey().generatedByDefaultAsIdentity();

export const timestamps = () => ({
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
