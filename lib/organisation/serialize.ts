import type { Category, Department } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { CategoryJson, DepartmentJson } from './schema';

/** A department as the API shows it; `ticket_count` counts the tickets filed under it. */
export function toDepartmentJson(department: Department, ticketCount: number): DepartmentJson {
  return {
    id: department.id,
    name: department.name,
    description: department.description,
    ticket_count: ticketCount,
    created_at: isoTime(department.createdAt),
    updated_at: isoTime(department.updatedAt),
  };
}

/** A category with the department it belongs to (`{id, name}`, as tickets show theirs), or null. */
export function toCategoryJson(category: Category, department: { id: number; name: string } | null, ticketCount: number): CategoryJson {
  return {
    id: category.id,
    name: category.name,
    description: category.description,
    department,
    ticket_count: ticketCount,
    created_at: isoTime(category.createdAt),
    updated_at: isoTime(category.updatedAt),
  };
}
