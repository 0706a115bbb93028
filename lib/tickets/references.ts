import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, categories, customers, departments } from '@/db/schema';
import type { FieldError } from '@/lib/errors';

export type TicketReferences = {
  customer_id?: number | null;
  department_id?: number | null;
  category_id?: number | null;
  assigned_agent_id?: number | null;
};

const checks = {
  customer_id: { table: customers, label: 'Customer', activeOnly: false },
  department_id: { table: departments, label: 'Department', activeOnly: false },
  category_id: { table: categories, label: 'Category', activeOnly: false },
  assigned_agent_id: { table: agents, label: 'Agent', activeOnly: true },
} as const;

/**
 * Checks that every referenced row exists (and that assignees are active agents), with one
 * query per kind of reference however many items a bulk request holds, all sent at once.
 */
export async function checkTicketReferences(db: Db, items: TicketReferences[], fieldPrefix: (index: number) => string): Promise<FieldError[]> {
  const kinds = Object.entries(checks) as [keyof TicketReferences, (typeof checks)[keyof typeof checks]][];
  // The kinds' queries go out together: in a transaction they share one connection, pipelined.
  const found = await Promise.all(
    kinds.map(async ([field, check]) => {
      const wanted = [...new Set(items.map((i) => i[field]).filter((v): v is number => typeof v === 'number'))];
      if (wanted.length === 0) return new Set<number>();
      const rows = await db
        .select({ id: check.table.id })
        .from(check.table)
        .where(and(inArray(check.table.id, wanted), check.activeOnly ? eq(agents.status, 'active') : undefined));
      return new Set(rows.map((r) => r.id));
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
  return errors;
}
