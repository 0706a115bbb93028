'use client';

import { useQuery } from '@tanstack/react-query';
import type { AgentJson } from '@/lib/agents/serialize';
import type { CategoryJson, DepartmentJson } from '@/lib/organisation/serialize';
import { api } from '@/lib/ui/api';
import { fullName } from '@/lib/names';

const LOOKUP_STALE_MS = 60_000;

/** Active agents, for assignee pickers and filters. */
export function useAgents() {
  return useQuery({
    queryKey: ['agents', 'active'],
    queryFn: () => api<AgentJson[]>('GET', '/agents?status=active&per_page=100'),
    select: (answer) => answer.data.map((a) => ({ id: a.id, name: fullName(a.first_name, a.last_name) })),
    staleTime: LOOKUP_STALE_MS,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => api<DepartmentJson[]>('GET', '/departments?per_page=100'),
    select: (answer) => answer.data,
    staleTime: LOOKUP_STALE_MS,
  });
}

/** Categories of a department (all when none is given). */
export function useCategories(departmentId: number | null) {
  return useQuery({
    queryKey: ['categories', departmentId],
    queryFn: () => api<CategoryJson[]>('GET', `/categories?per_page=100${departmentId ? `&department_id=${departmentId}` : ''}`),
    select: (answer) => answer.data,
    staleTime: LOOKUP_STALE_MS,
  });
}
