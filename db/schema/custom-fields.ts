import { sql } from 'drizzle-orm';
import { boolean, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';

export const customFieldEntity = pgEnum('custom_field_entity', ['ticket', 'customer']);
export const customFieldType = pgEnum('custom_field_type', ['text', 'number', 'date', 'boolean', 'select']);

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: id(),
    entity: customFieldEntity().notNull(),
    key: text().notNull(),
    label: text().notNull(),
    type: customFieldType().notNull(),
    options: text().array().notNull().default(sql`'{}'::text[]`),
    required: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex().on(t.entity, t.key)],
);

export type CustomFieldDefinition = typeof customFieldDefinitions.$inferSelect;
