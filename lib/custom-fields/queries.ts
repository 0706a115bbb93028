import 'server-only';
import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customFieldDefinitions as defs } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import type { CustomFieldJson, ListCustomFieldsQuery } from './schema';
import { toCustomFieldJson } from './serialize';

/**
 * GET /custom-fields: in form order (entity, position, then creation). A desk has tens of
 * definitions, not thousands, so this sorts without an index of its own.
 */
export async function listCustomFields(db: Db, q: ListCustomFieldsQuery) {
  const where = q.entity ? inArray(defs.entity, q.entity) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(defs)
      .where(where)
      .orderBy(asc(defs.entity), asc(defs.position), asc(defs.id))
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    db.select({ n: count() }).from(defs).where(where),
  ]);
  return { items: rows.map(toCustomFieldJson), total: total?.n ?? 0 };
}

export async function getCustomFieldOrThrow(db: Db, id: number): Promise<CustomFieldJson> {
  const [row] = await db.select().from(defs).where(eq(defs.id, id));
  if (!row) throw new NotFoundError('Custom field');
  return toCustomFieldJson(row);
}
