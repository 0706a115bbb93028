import { z } from 'zod';
import { commaList, namedRef, plainText, queryInt, rowId, timestamp, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';

/** Department and category names: trimmed, 1–100 characters, unique whatever their case. */
const name = z.string().trim().pipe(plainText(1, 100));
const description = plainText(0, 1000).nullable();

export const createDepartmentSchema = z.object({ name, description: description.optional() });
export const updateDepartmentSchema = z.object({ name: name.optional(), description: description.optional() }).refine(atLeastOneField, nothingToUpdate);

export const createCategorySchema = z.object({
  name,
  description: description.optional(),
  department_id: rowId.nullish(),
});
export const updateCategorySchema = z
  .object({ name: name.optional(), description: description.optional(), department_id: rowId.nullish() })
  .refine(atLeastOneField, nothingToUpdate);

const page = { page: queryInt(1, 1_000_000).default(1), per_page: queryInt(1, 100).default(25) };

export const listDepartmentsQuery = z.object(page);
export const listCategoriesQuery = z.object({
  department_id: commaList(queryInt(1, 2_147_483_647)).optional(),
  ...page,
});

export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentSchema>;
export type CreateCategoryInput = z.infer<typeof createCategorySchema>;
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;
export type ListDepartmentsQuery = z.infer<typeof listDepartmentsQuery>;
export type ListCategoriesQuery = z.infer<typeof listCategoriesQuery>;

/** A department as the API shows it; `ticket_count` counts the tickets filed under it. */
export const departmentJson = z.strictObject({
  id: z.int(),
  name: z.string(),
  description: z.string().nullable(),
  ticket_count: z.int(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A category with the department it belongs to (`{id, name}`, as tickets show theirs), or null. */
export const categoryJson = z.strictObject({
  id: z.int(),
  name: z.string(),
  description: z.string().nullable(),
  department: namedRef.nullable(),
  ticket_count: z.int(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type DepartmentJson = z.infer<typeof departmentJson>;
export type CategoryJson = z.infer<typeof categoryJson>;
