import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, categories, customers, departments } from '@/db/schema';
import type { FieldError } from '@/lib/errors';
import { referenceColumns } from './queries';
import type { CustomerRef, NamedRef, PersonRef } from './serialize';

export type TicketReferences = {
  customer_id?: number | null;
  department_id?: number | null;
  category_id?: number | null;
  assigned_agent_id?: number | null;
};

const checks = {
  customer_id: { table: customers, label: 'Customer', activeOnly: false, columns: referenceColumns.customer_id },
  department_id: { table: departments, label: 'Department', activeOnly: false, columns: referenceColumns.department_id },
  category_id: { table: categories, label: 'Category', activeOnly: false, columns: referenceColumns.category_id },
  assigned_agent_id: { table: agents, label: 'Agent', activeOnly: true, columns: referenceColumns.assigned_agent_id },
} as const;

/** The rows a ticket's references name, as a ticket shows them, by id. */
export type ReferencedRows = {
  customer_id: Map<number, CustomerRef>;
  department_id: Map<number, NamedRef>;
  category_id: Map<number, NamedRef>;
  assigned_agent_id: Map<number, PersonRef>;
};

/**
 * Checks that every referenced row exists (and that assignees are active agents), with one
 * query per kind of reference however many items a bulk request holds, all sent at once; returns
 * the errors, and the rows found as a ticket shows them.
 */
export async function checkTicketReferences(
  db: Db,
  items: TicketReferences[],
  fieldPrefix: (index: number) => string,
): Promise<{ errors: FieldError[]; rows: ReferencedRows }> {
  const kinds = Object.entries(checks) as [keyof TicketReferences, (typeof checks)[keyof typeof checks]][];
  // The kinds' queries go out together: in a transaction they share one connection, pipelined.
  const found = await Promise.all(
    kinds.map(async ([field, check]) => {
      const wanted = [...new Set(items.map((i) => i[field]).filter((v): v is number => typeof v === 'number'))];
      if (wanted.length === 0) return new Map<number, { id: number }>();
      const rows: { id: number }[] = await db
        .select(check.columns)
        .from(check.table)
        .where(and(inArray(check.table.id, wanted), check.activeOnly ? eq(agents.status, 'active') : undefined));
      return new Map(rows.map((r) => [r.id, r]));
    }),
  );
  const errors: FieldError[] = [];
  kinds.forEach(([field, check], k) => {
    items.forEach((item, index) => {
      const id = item[field];
      if (typeof id === 'number' && !found[k]!.has(id)) {
        const message = check.activeOnly ? `${check.label} ${id} does not exist or is not active` : `${check.label} ${id} does not exist`;
        errors.push({ field: `${fieldPrefix(index)}${field}`, message });
      }
    });
  });
  return { errors, rows: Object.fromEntries(kinds.map(([field], k) => [field, found[k]!])) as ReferencedRows };
}
