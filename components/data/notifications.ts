'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { MarkNotificationsReadInput, NotificationJson } from '@/lib/notifications/schema';
import { api } from './api';
import { useChange } from './mutation';

/**
 * Keyed by the agent they belong to: the desk's stream names the agent whose notifications
 * changed, and only that agent's desk holds queries under that key.
 */
export const notificationKeys = {
  all: ['notifications'] as const,
  of: (agentId: number) => [...notificationKeys.all, agentId] as const,
};

// The panel shows the newest; older ones are read through the API.
const PANEL_SIZE = 20;

/** The bell's number: the signed-in agent's unread notifications. */
export function useUnreadNotificationCount(agentId: number) {
  return useQuery({
    queryKey: [...notificationKeys.of(agentId), 'unread'],
    queryFn: async () => (await api<{ unread: number }>('GET', '/notifications/unread-count')).data.unread,
  });
}

/** The newest notifications, read while the panel is open. */
export function useNotifications(agentId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...notificationKeys.of(agentId), 'list'],
    queryFn: async () => (await api<NotificationJson[]>('GET', `/notifications?per_page=${PANEL_SIZE}`)).data,
    enabled,
  });
}

export function useMarkNotificationsRead(agentId: number) {
  return useChange({
    mutationFn: (input: MarkNotificationsReadInput) => api<{ marked: number; unread: number }>('POST', '/notifications/read', input),
    refresh: (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: notificationKeys.of(agentId) }),
  });
}
