import { z } from 'zod';
import { commaList, plainText, queryInt, rowId, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';

/** Department and category names: trimmed, 1–100 characters, unique whatever their case. */
const name = z.string().trim().pipe(plainText(1, 100));
const description = plainText(0, 1000).nullable();


export const createDepartmentSchema = z.object({ name, description: description.optional() });
export const updateDepartmentSchema = z
  .object({ name: name.optional(), description: description.optional() })
  .refine(atLeastOneField, nothingToUpdate);

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
