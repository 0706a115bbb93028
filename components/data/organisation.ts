'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CategoryJson,
  createCategorySchema,
  createDepartmentSchema,
  DepartmentJson,
  updateCategorySchema,
  updateDepartmentSchema,
} from '@/lib/organisation/schema';
import { agentKeys } from './agents';
import { api } from './api';
import { LOOKUP_STALE_MS } from './lookups';
import { useChange, type MutationCallbacks } from './mutation';
import { ticketKeys } from './tickets';

export type NewDepartment = z.input<typeof createDepartmentSchema>;
export type NewCategory = z.input<typeof createCategorySchema>;
export type DepartmentChange = z.input<typeof updateDepartmentSchema>;
export type CategoryChange = z.input<typeof updateCategorySchema>;
export type StructureKind = 'department' | 'category';

export const departmentKeys = { all: ['departments'] as const };
export const categoryKeys = { all: ['categories'] as const };

/** Every page of a list: pickers and the settings screen show all departments and categories, not the first 100. */
async function fetchAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const { data, pagination } = await api<T[]>('GET', `${path}?per_page=100&page=${page}`);
    items.push(...data);
    if (!pagination?.has_next) return items;
  }
}

export function useDepartments() {
  return useQuery({ queryKey: departmentKeys.all, queryFn: () => fetchAll<DepartmentJson>('/departments'), staleTime: LOOKUP_STALE_MS });
}

/** Categories of a department; all of them when none is given. */
export function useCategories(departmentId: number | null = null) {
  return useQuery({
    queryKey: categoryKeys.all,
    queryFn: () => fetchAll<CategoryJson>('/categories'),
    select: (all) => (departmentId === null ? all : all.filter((c) => c.department?.id === departmentId)),
    staleTime: LOOKUP_STALE_MS,
  });
}

/** After a change: the lists, the pickers, and tickets and agents, which show departments and categories by name. */
function refreshStructure(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([departmentKeys.all, categoryKeys.all, ticketKeys.all, agentKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

const pathOf = (kind: StructureKind, id?: number) => `/${kind === 'department' ? 'departments' : 'categories'}${id === undefined ? '' : `/${id}`}`;

/** Resolves once the lists show the new item, so a form can close without the list lagging behind. */
export function useCreateDepartment() {
  return useChange({
    mutationFn: (department: NewDepartment) => api<DepartmentJson>('POST', pathOf('department'), department),
    refresh: refreshStructure,
    awaitRefresh: true,
  });
}

export function useCreateCategory() {
  return useChange({
    mutationFn: (category: NewCategory) => api<CategoryJson>('POST', pathOf('category'), category),
    refresh: refreshStructure,
    awaitRefresh: true,
  });
}

/** A rename of a department or category; `onSuccess` runs once the lists have the new name. */
export function useRenameStructureItem(kind: StructureKind, id: number, callbacks?: MutationCallbacks<unknown, string>) {
  return useChange(
    {
      mutationFn: (name: string) => api('PUT', pathOf(kind, id), { name } satisfies DepartmentChange & CategoryChange),
      refresh: refreshStructure,
      awaitRefresh: true,
    },
    callbacks,
  );
}

export function useDeleteStructureItem(kind: StructureKind, id: number, callbacks?: MutationCallbacks<unknown, void>) {
  return useChange({ mutationFn: () => api('DELETE', pathOf(kind, id)), refresh: refreshStructure }, callbacks);
}
