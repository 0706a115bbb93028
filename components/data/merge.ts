'use client';

import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { mergeSchema, TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';
import { ticketKeys } from './tickets';

export type MergeInput = z.input<typeof mergeSchema>;
export type MergeRequest = MergeInput & { tickets: number[] };

/**
 * The tickets a duplicate could go into: the search's matches for what the agent typed, or before
 * anything is typed the customer's latest tickets (a duplicate usually comes from the same person).
 */
export function useMergeCandidates(words: string, customerId: number | null) {
  const q = words.trim();
  const request = q
    ? `/tickets/search?${new URLSearchParams({ q, per_page: '8' })}`
    : customerId
      ? `/tickets?${new URLSearchParams({ customer_id: String(customerId), per_page: '8', sort: 'updated_at' })}`
      : null;
  return useQuery({
    queryKey: ticketKeys.list(request ?? ''),
    queryFn: () => api<TicketSummaryJson[]>('GET', request!),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}

/** Tickets by id, as the merge notice names the duplicates it can bring back. */
export function useTicketsById(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({ queryKey: ticketKeys.detail(id), queryFn: () => api<TicketJson>('GET', `/tickets/${id}`) })),
  });
}

/**
 * Merges duplicates into one ticket: one through POST /tickets/{id}/merge, several all or nothing
 * through POST /tickets/merge. Answers with the ticket they went into.
 */
export function useMergeTickets(callbacks?: MutationCallbacks<Answer<TicketJson>, MergeRequest>) {
  return useChange(
    {
      mutationFn: ({ into, tickets }: MergeRequest) =>
        tickets.length === 1 ? api<TicketJson>('POST', `/tickets/${tickets[0]}/merge`, { into }) : api<TicketJson>('POST', '/tickets/merge', { into, tickets }),
      refresh: (queryClient) => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
      awaitRefresh: true,
    },
    callbacks,
  );
}

/** Undoes the merges of these duplicates (DELETE /tickets/{id}/merge, within 10 minutes of each). */
export function useUndoMerges(callbacks?: MutationCallbacks<TicketJson[], number[]>) {
  return useChange(
    {
      mutationFn: async (ids: number[]) => {
        const reopened: TicketJson[] = [];
        for (const id of ids) reopened.push((await api<TicketJson>('DELETE', `/tickets/${id}/merge`)).data);
        return reopened;
      },
      refresh: (queryClient) => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
      awaitRefresh: true,
    },
    callbacks,
  );
}
