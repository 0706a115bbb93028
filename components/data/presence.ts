'use client';

import { useQuery } from '@tanstack/react-query';
import type { PresenceJson } from '@/lib/tickets/schema';
import { api, apiRequest } from './api';

export const presenceKeys = { all: ['presence'] as const, of: (ticketId: number) => [...presenceKeys.all, ticketId] as const };

// While typing, the browser says so again now and then: typing that is not renewed ends on the server.
const TYPING_RENEWAL_MS = 10_000;

/**
 * Says this agent has the ticket open (and whether they are typing), answered with the other agents
 * who have it open. Asked again when someone arrives, leaves or starts typing (the desk's stream says
 * so) and when `typing` changes; the server keeps an open desk's presence alive, so there is no heartbeat.
 */
export function useTicketPresence(ticketId: number, typing: boolean) {
  return useQuery({
    queryKey: [...presenceKeys.of(ticketId), typing],
    queryFn: async () => (await api<PresenceJson[]>('PUT', `/tickets/${ticketId}/presence`, { typing })).data,
    staleTime: 0,
    refetchInterval: typing ? TYPING_RENEWAL_MS : false,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** Sent as the ticket closes, possibly with the page: kept alive, and nobody waits for the answer. */
export function leaveTicket(ticketId: number): void {
  void apiRequest(`/tickets/${ticketId}/presence`, { method: 'DELETE', keepalive: true });
}
