'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createSlaPolicySchema, SlaPolicyJson, updateSlaPolicySchema } from '@/lib/sla/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';
import { ticketKeys } from './tickets';

export type NewSlaPolicy = z.input<typeof createSlaPolicySchema>;
export type SlaPolicyChange = z.input<typeof updateSlaPolicySchema>;

export const slaPolicyKeys = { all: ['sla-policies'] as const, list: () => ['sla-policies', 'list'] as const };

/** A policy change runs the clocks of open tickets again: their due times and breaches refresh with the list. */
const refreshPolicies = {
  refresh: (queryClient: QueryClient) => Promise.all([slaPolicyKeys.all, ticketKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
};

/** Every policy, each department's by name and then the one for every other ticket, as the API orders them; all pages, as there is one per department. */
export function useSlaPolicies() {
  return useQuery({
    queryKey: slaPolicyKeys.list(),
    queryFn: async () => {
      const policies: SlaPolicyJson[] = [];
      for (let page = 1; ; page++) {
        const { data, pagination } = await api<SlaPolicyJson[]>('GET', `/sla-policies?per_page=100&page=${page}`);
        policies.push(...data);
        if (!pagination?.has_next) return policies;
      }
    },
  });
}

export function useCreateSlaPolicy(callbacks?: MutationCallbacks<Answer<SlaPolicyJson>, NewSlaPolicy>) {
  return useChange({ mutationFn: (policy: NewSlaPolicy) => api<SlaPolicyJson>('POST', '/sla-policies', policy), ...refreshPolicies }, callbacks);
}

export function useUpdateSlaPolicy(callbacks?: MutationCallbacks<Answer<SlaPolicyJson>, { id: number; change: SlaPolicyChange }>) {
  return useChange(
    { mutationFn: ({ id, change }: { id: number; change: SlaPolicyChange }) => api<SlaPolicyJson>('PUT', `/sla-policies/${id}`, change), ...refreshPolicies },
    callbacks,
  );
}

export function useDeleteSlaPolicy(callbacks?: MutationCallbacks<Answer<unknown>, SlaPolicyJson>) {
  return useChange({ mutationFn: (policy: SlaPolicyJson) => api('DELETE', `/sla-policies/${policy.id}`), ...refreshPolicies }, callbacks);
}
