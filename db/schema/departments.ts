import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';

export const departments = pgTable(
  'departments',
  {
    id: id(),
    name: text().notNull(),
    description: text(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('departments_name_lower_idx').on(sql`lower(${t.name})`)],
);

export const categories = pgTable(
  'categories',
  {
    id: id(),
    name: text().notNull(),
    description: text(),
    departmentId: integer().references(() => departments.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('categories_name_lower_idx').on(sql`lower(${t.name})`), index().on(t.departmentId)],
);

export type Department = typeof departments.$inferSelect;
export type Category = typeof categories.$inferSelect;
