import 'server-only';
import { asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { categories, departments, tickets } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import type { CategoryJson, DepartmentJson, ListCategoriesQuery, ListDepartmentsQuery } from './schema';
import { toCategoryJson, toDepartmentJson } from './serialize';

/**
 * Tickets filed under the row, counted in the same query from the tickets' department_id or
 * category_id index. (A subquery builder, so the correlation is written with table names.)
 */
function ticketCount(db: Db, ticketColumn: PgColumn, owner: PgColumn) {
  return sql`(${db.select({ n: count() }).from(tickets).where(eq(ticketColumn, owner))})`.mapWith(Number);
}

// The unique lower(name) indexes serve this order too.
const byDepartmentName = [asc(sql`lower(${departments.name})`), asc(departments.id)];
const byCategoryName = [asc(sql`lower(${categories.name})`), asc(categories.id)];

function selectDepartments(db: Db) {
  return db.select({ department: departments, ticketCount: ticketCount(db, tickets.departmentId, departments.id) }).from(departments);
}

function selectCategories(db: Db) {
  return db
    .select({
      category: categories,
      department: { id: departments.id, name: departments.name },
      ticketCount: ticketCount(db, tickets.categoryId, categories.id),
    })
    .from(categories)
    .leftJoin(departments, eq(departments.id, categories.departmentId));
}

/** GET /departments: ordered by name, paginated. */
export async function listDepartments(db: Db, q: ListDepartmentsQuery) {
  const [rows, [total]] = await Promise.all([
    selectDepartments(db)
      .orderBy(...byDepartmentName)
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    db.select({ n: count() }).from(departments),
  ]);
  return { items: rows.map((r) => toDepartmentJson(r.department, r.ticketCount)), total: total?.n ?? 0 };
}

export async function getDepartmentOrThrow(db: Db, id: number): Promise<DepartmentJson> {
  const [row] = await selectDepartments(db).where(eq(departments.id, id));
  if (!row) throw new NotFoundError('Department');
  return toDepartmentJson(row.department, row.ticketCount);
}

/** GET /categories: ordered by name, optionally only those of some departments, paginated. */
export async function listCategories(db: Db, q: ListCategoriesQuery) {
  const where: SQL | undefined = q.department_id ? inArray(categories.departmentId, q.department_id) : undefined;
  const [rows, [total]] = await Promise.all([
    selectCategories(db)
      .where(where)
      .orderBy(...byCategoryName)
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    db.select({ n: count() }).from(categories).where(where),
  ]);
  return { items: rows.map((r) => toCategoryJson(r.category, r.department, r.ticketCount)), total: total?.n ?? 0 };
}

export async function getCategoryOrThrow(db: Db, id: number): Promise<CategoryJson> {
  const [row] = await selectCategories(db).where(eq(categories.id, id));
  if (!row) throw new NotFoundError('Category');
  return toCategoryJson(row.category, row.department, row.ticketCount);
}
