'use client';

import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AgentJson, createAgentSchema, updateAgentSchema } from '@/lib/agents/schema';
import { fullName } from '@/lib/names';
import { api, type Answer } from './api';
import { LOOKUP_STALE_MS } from './lookups';
import { useChange, type MutationCallbacks } from './mutation';

export type NewAgent = z.input<typeof createAgentSchema>;
export type AgentChange = z.input<typeof updateAgentSchema>;

export const agentKeys = {
  all: ['agents'] as const,
  lists: () => [...agentKeys.all, 'list'] as const,
  list: (request: string) => [...agentKeys.lists(), request] as const,
  active: () => [...agentKeys.all, 'active'] as const,
};

const refreshAgents = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: agentKeys.all });

/** Active agents by name, for assignee pickers and filters. */
export function useAgents() {
  return useQuery({
    queryKey: agentKeys.active(),
    queryFn: () => api<AgentJson[]>('GET', '/agents?status=active&per_page=100'),
    select: (answer) => answer.data.map((a) => ({ id: a.id, name: fullName(a.first_name, a.last_name) })),
    staleTime: LOOKUP_STALE_MS,
  });
}

/** A page of agents as the admin list shows them, `request` being `/agents?…`. */
export function useAgentList(request: string) {
  return useQuery({ queryKey: agentKeys.list(request), queryFn: () => api<AgentJson[]>('GET', request), placeholderData: keepPreviousData });
}

export function useCreateAgent(callbacks?: MutationCallbacks<Answer<AgentJson>, NewAgent>) {
  return useChange({ mutationFn: (agent: NewAgent) => api<AgentJson>('POST', '/agents', agent), refresh: refreshAgents }, callbacks);
}

export function useUpdateAgent(callbacks?: MutationCallbacks<Answer<AgentJson>, { id: number; change: AgentChange }>) {
  return useChange(
    { mutationFn: ({ id, change }: { id: number; change: AgentChange }) => api<AgentJson>('PUT', `/agents/${id}`, change), refresh: refreshAgents },
    callbacks,
  );
}

/** Signs an agent out everywhere; their sessions are not cached here, so nothing to refresh. */
export function useEndAgentSessions(callbacks?: MutationCallbacks<Answer<{ ended_sessions: number }>, AgentJson>) {
  return useChange(
    { mutationFn: (agent: AgentJson) => api<{ ended_sessions: number }>('DELETE', `/agents/${agent.id}/sessions`), refresh: async () => {} },
    callbacks,
  );
}
