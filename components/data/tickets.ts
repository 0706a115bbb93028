'use client';

import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ActivityJson, bulkUpdateSchema, createTicketSchema, replySchema, TicketJson, TicketSummaryJson, updateTicketSchema } from '@/lib/tickets/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';

export type TicketChange = z.input<typeof updateTicketSchema>;
export type BulkTicketChange = z.input<typeof bulkUpdateSchema>['tickets'][number];
export type NewTicket = z.input<typeof createTicketSchema>;
export type Reply = z.input<typeof replySchema>;

/**
 * Every ticket query sits under 'tickets': a change to any ticket refreshes the lists, the views'
 * counts, the open ticket and a customer's tickets at once. A list is named by its request path.
 * Nothing here polls: changes made elsewhere arrive through the desk's stream (./live.ts).
 */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (request: string) => [...ticketKeys.lists(), request] as const,
  ofCustomer: (customerId: number) => [...ticketKeys.all, 'customer', customerId] as const,
  customerList: (customerId: number, request: string) => [...ticketKeys.ofCustomer(customerId), request] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  detail: (id: number) => [...ticketKeys.details(), id] as const,
  activity: (id: number, version: string) => [...ticketKeys.detail(id), 'activity', version] as const,
};

const listOf = (request: string) => () => api<TicketSummaryJson[]>('GET', request);

/** A page of tickets (`/tickets?…` or `/tickets/search?…`), kept on screen while the next one loads. */
export function useTickets(request: string) {
  return useQuery({ queryKey: ticketKeys.list(request), queryFn: listOf(request), placeholderData: keepPreviousData });
}

/** One count per request (each asks for one row and reads the total), once `enabled`. */
export function useTicketCounts(requests: readonly string[], options: { enabled: boolean }) {
  return useQueries({
    // Counts follow changes slowly (./live.ts): each costs a count, and a busy desk changes all the time.
    queries: requests.map((request) => ({ queryKey: ticketKeys.list(request), queryFn: listOf(request), meta: { live: 'slow' }, ...options })),
  });
}

/** A customer's tickets, as `request` under /customers/{id}/tickets pages and sorts them. */
export function useCustomerTickets(customerId: number, request: string) {
  return useQuery({
    queryKey: ticketKeys.customerList(customerId, request),
    queryFn: listOf(`/customers/${customerId}/tickets${request}`),
    placeholderData: keepPreviousData,
    // Tickets arrive from everywhere (email, the API, other agents): ask again whenever it is shown.
    staleTime: 0,
  });
}

/** The customer's most recently updated tickets other than `ticketId`, at most five. */
export function useOtherCustomerTickets(customerId: number, ticketId: number) {
  const request = '?sort=updated_at&per_page=6';
  return useQuery({
    queryKey: ticketKeys.customerList(customerId, request),
    queryFn: listOf(`/customers/${customerId}/tickets${request}`),
    select: (answer: Answer<TicketSummaryJson[]>) => answer.data.filter((o) => o.id !== ticketId).slice(0, 5),
  });
}

export function useTicket(id: number) {
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => api<TicketJson>('GET', `/tickets/${id}`) });
}

export function useTicketActivity(id: number, version: string) {
  return useQuery({ queryKey: ticketKeys.activity(id, version), queryFn: () => api<ActivityJson[]>('GET', `/tickets/${id}/activity`) });
}

/** What a PUT will make of the ticket, for the optimistic view (assignee names come with the answer). */
function optimistic(change: TicketChange): Partial<TicketJson> {
  const { status, priority, due_date, tags } = change as Partial<TicketJson>;
  return Object.fromEntries(Object.entries({ status, priority, due_date, tags }).filter(([, v]) => v !== undefined));
}

/** Optimistic: the ticket shows the change at once and rolls back if the API refuses it. */
export function useUpdateTicket(id: number) {
  const queryClient = useQueryClient();
  const key = ticketKeys.detail(id);
  return useMutation({
    mutationFn: (change: TicketChange) => api<TicketJson>('PUT', `/tickets/${id}`, change),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Answer<TicketJson>>(key);
      if (before) queryClient.setQueryData(key, { ...before, data: { ...before.data, ...optimistic(change) } });
      return { before };
    },
    onError: (_error, _change, context) => context?.before && queryClient.setQueryData(key, context.before),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

/** One all-or-nothing update of several tickets. */
export function useBulkUpdateTickets(callbacks?: MutationCallbacks<Answer<unknown>, BulkTicketChange[]>) {
  return useChange(
    {
      mutationFn: (tickets: BulkTicketChange[]) => api('PUT', '/tickets/bulk', { tickets }),
      refresh: (queryClient) => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
    },
    callbacks,
  );
}

export function useCreateTicket(callbacks?: MutationCallbacks<Answer<TicketJson>, NewTicket>) {
  return useChange(
    {
      mutationFn: (ticket: NewTicket) => api<TicketJson>('POST', '/tickets', ticket),
      refresh: (queryClient) => queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    },
    callbacks,
  );
}

/**
 * A reply or internal note, then the status it leaves the ticket in (`thenStatus`, if any). Once the
 * reply is in, it counts as sent even if the status change fails: that failure comes back as
 * `statusError`, so the agent is never led to send the same reply twice.
 */
export function useSendReply(
  ticketId: number,
  callbacks?: MutationCallbacks<{ statusError: string | null }, { reply: Reply; thenStatus: TicketChange['status'] | null }>,
) {
  return useChange(
    {
      mutationFn: async ({ reply, thenStatus }) => {
        await api('POST', `/tickets/${ticketId}/replies`, reply);
        if (!thenStatus) return { statusError: null };
        try {
          await api('PUT', `/tickets/${ticketId}`, { status: thenStatus } satisfies TicketChange);
          return { statusError: null };
        } catch (error) {
          return { statusError: error instanceof Error ? error.message : String(error) };
        }
      },
      // A status change shows in the lists and counts too, not only on the ticket.
      refresh: (queryClient, _result, { thenStatus }) => queryClient.invalidateQueries({ queryKey: thenStatus ? ticketKeys.all : ticketKeys.detail(ticketId) }),
    },
    callbacks,
  );
}
