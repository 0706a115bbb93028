import 'server-only';
import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { categories, departments, tickets } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { deleteDepartmentPolicy } from '@/lib/sla/service';
import { getCategoryOrThrow, getDepartmentOrThrow } from './queries';
import type { CreateCategoryInput, CreateDepartmentInput, UpdateCategoryInput, UpdateDepartmentInput } from './schema';

const kinds = {
  department: {
    table: departments,
    ticketColumn: tickets.departmentId,
    label: 'Department',
    nameIndex: 'departments_name_lower_idx',
  },
  category: { table: categories, ticketColumn: tickets.categoryId, label: 'Category', nameIndex: 'categories_name_lower_idx' },
};
type Kind = (typeof kinds)[keyof typeof kinds];

const nameTaken = (kind: Kind, name: string) => `A ${kind.label.toLowerCase()} named "${name}" already exists`;

/** Names are unique whatever their case (the lower(name) index); `exceptId` lets a record keep its own. */
async function checkNameFree(db: Db, kind: Kind, name: string, exceptId?: number) {
  const { table } = kind;
  const [taken] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(sql`lower(${table.name})`, sql`lower(${name})`), exceptId ? ne(table.id, exceptId) : undefined));
  if (taken) throw new ConflictError(nameTaken(kind, name));
}

/** Runs a write and turns the name index's unique_violation (a concurrent twin) into the same 409 the check gives. */
async function withUniqueName<T>(kind: Kind, name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error, kind.nameIndex)) {
      throw new ConflictError(nameTaken(kind, name), { cause: error });
    }
    throw error;
  }
}

/** Locks the row against concurrent changes for the rest of the transaction, or 404s. */
async function lockOrThrow(db: Db, kind: Kind, id: number) {
  const { table } = kind;
  const [row] = await db.select({ id: table.id, name: table.name }).from(table).where(eq(table.id, id)).for('update');
  if (!row) throw new NotFoundError(kind.label);
  return row;
}

/**
 * Refuses to delete what tickets are filed under. The caller holds the row's FOR UPDATE lock, so a
 * ticket being filed under it concurrently either is counted here or waits and then fails its
 * foreign key check.
 */
async function checkUnused(db: Db, kind: Kind, row: { id: number; name: string }) {
  const [used] = await db.select({ n: count() }).from(tickets).where(eq(kind.ticketColumn, row.id));
  const n = used?.n ?? 0;
  if (n === 0) return;
  const usedBy = n === 1 ? '1 ticket; move it' : `${n} tickets; move them`;
  throw new ConflictError(`${kind.label} "${row.name}" is used by ${usedBy} to another ${kind.label.toLowerCase()} first`);
}

export function createDepartment(ctx: ServiceContext, input: CreateDepartmentInput) {
  return withUniqueName(kinds.department, input.name, () =>
    ctx.db.transaction(async (tx) => {
      await checkNameFree(tx, kinds.department, input.name);
      const [row] = await tx
        .insert(departments)
        .values({ name: input.name, description: input.description ?? null })
        .returning({ id: departments.id });
      const department = await getDepartmentOrThrow(tx, row!.id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('department.created', department.id, { department })]);
      return department;
    }),
  );
}

export function updateDepartment(ctx: ServiceContext, id: number, input: UpdateDepartmentInput) {
  return withUniqueName(kinds.department, input.name, () =>
    ctx.db.transaction(async (tx) => {
      await lockOrThrow(tx, kinds.department, id);
      if (input.name !== undefined) await checkNameFree(tx, kinds.department, input.name, id);
      const before = await getDepartmentOrThrow(tx, id);
      await tx.update(departments).set({ name: input.name, description: input.description, updatedAt: new Date() }).where(eq(departments.id, id));
      const department = await getDepartmentOrThrow(tx, id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('department.updated', id, { department, ...changeOf(before, department) })]);
      return department;
    }),
  );
}

/**
 * Deletes a department no ticket is filed under. Its categories stay, without a department, and
 * agents simply stop being members of it (both by the foreign keys' ON DELETE rules).
 */
export async function deleteDepartment(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await lockOrThrow(tx, kinds.department, id);
    await checkUnused(tx, kinds.department, row);
    const department = await getDepartmentOrThrow(tx, id);
    await deleteDepartmentPolicy({ ...ctx, db: tx }, id);
    await tx.delete(departments).where(eq(departments.id, id));
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('department.deleted', id, { department })]);
  });
}

/**
 * A category's department must exist. FOR KEY SHARE holds it until commit, so a concurrent
 * deletion of that department waits instead of leaving the category pointing nowhere.
 */
async function checkDepartment(db: Db, departmentId: number | null | undefined) {
  if (typeof departmentId !== 'number') return;
  const [found] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)).for('key share');
  if (!found) throw new ValidationError([{ field: 'department_id', message: `Department ${departmentId} does not exist` }]);
}

export function createCategory(ctx: ServiceContext, input: CreateCategoryInput) {
  return withUniqueName(kinds.category, input.name, () =>
    ctx.db.transaction(async (tx) => {
      await checkDepartment(tx, input.department_id);
      await checkNameFree(tx, kinds.category, input.name);
      const [row] = await tx
        .insert(categories)
        .values({ name: input.name, description: input.description ?? null, departmentId: input.department_id ?? null })
        .returning({ id: categories.id });
      const category = await getCategoryOrThrow(tx, row!.id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('category.created', category.id, { category })]);
      return category;
    }),
  );
}

export function updateCategory(ctx: ServiceContext, id: number, input: UpdateCategoryInput) {
  return withUniqueName(kinds.category, input.name, () =>
    ctx.db.transaction(async (tx) => {
      await lockOrThrow(tx, kinds.category, id);
      await checkDepartment(tx, input.department_id);
      if (input.name !== undefined) await checkNameFree(tx, kinds.category, input.name, id);
      const before = await getCategoryOrThrow(tx, id);
      await tx
        .update(categories)
        .set({ name: input.name, description: input.description, departmentId: input.department_id, updatedAt: new Date() })
        .where(eq(categories.id, id));
      const category = await getCategoryOrThrow(tx, id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('category.updated', id, { category, ...changeOf(before, category) })]);
      return category;
    }),
  );
}

/** Deletes a category no ticket is filed under. */
export async function deleteCategory(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await lockOrThrow(tx, kinds.category, id);
    await checkUnused(tx, kinds.category, row);
    const category = await getCategoryOrThrow(tx, id);
    await tx.delete(categories).where(eq(categories.id, id));
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('category.deleted', id, { category })]);
  });
}
