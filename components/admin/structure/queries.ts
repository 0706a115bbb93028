'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { CategoryJson, DepartmentJson } from '@/lib/organisation/serialize';
import { api } from '@/lib/ui/api';

/** Every page of a list: the settings screen shows all departments and categories, not the first 100. */
async function fetchAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const { data, pagination } = await api<T[]>('GET', `${path}?per_page=100&page=${page}`);
    items.push(...data);
    if (!pagination?.has_next) return items;
  }
}

/**
 * Departments with their categories, and the categories filed under none. Keys start with
 * 'departments' and 'categories', so invalidating those also refreshes the desk's pickers.
 */
export function useStructure() {
  const departments = useQuery({ queryKey: ['departments', 'all'], queryFn: () => fetchAll<DepartmentJson>('/departments') });
  const categories = useQuery({ queryKey: ['categories', 'all'], queryFn: () => fetchAll<CategoryJson>('/categories') });
  return { departments, categories };
}

export function categoriesOf(categories: CategoryJson[], departmentId: number | null): CategoryJson[] {
  return categories.filter((c) => (c.department?.id ?? null) === departmentId);
}

/** After a change: the lists here, the desk's pickers, and tickets, which show their department and category by name. */
export function refreshStructure(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([['departments'], ['categories'], ['tickets'], ['ticket'], ['agents']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
