import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { id, timestamps } from './columns';

export const macroVisibility = pgEnum('macro_visibility', ['personal', 'shared']);

/** What applying a macro does to the ticket besides inserting its text; every key is optional. */
export type MacroActions = {
  status?: string;
  priority?: string;
  // An agent id, "me" (the agent applying it) or null (unassign).
  assignee_id?: number | 'me' | null;
  add_tags?: string[];
  remove_tags?: string[];
};

/** Canned replies: a body with {{variables}} and optional actions on the ticket. */
export const macros = pgTable(
  'macros',
  {
    id: id(),
    name: text().notNull(),
    body: text().notNull(),
    actions: jsonb().$type<MacroActions>().notNull().default({}),
    visibility: macroVisibility().notNull(),
    // Set for personal macros (only its owner sees it), null for shared ones.
    ownerAgentId: integer().references(() => agents.id, { onDelete: 'cascade' }),
    createdByAgentId: integer().references(() => agents.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    // Names are unique among the shared macros, and among one agent's personal ones.
    uniqueIndex('macros_shared_name_idx').on(sql`lower(${t.name})`).where(sql`${t.ownerAgentId} is null`),
    uniqueIndex('macros_personal_name_idx').on(t.ownerAgentId, sql`lower(${t.name})`).where(sql`${t.ownerAgentId} is not null`),
    index().on(t.ownerAgentId),
  ],
);

export type Macro = typeof macros.$inferSelect;
