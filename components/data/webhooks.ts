'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createWebhookSchema, DeliveryJson, DeliveryWithBodyJson, updateWebhookSchema, WebhookJson, WebhookWithSecretJson } from '@/lib/webhooks/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';

export type NewWebhook = z.input<typeof createWebhookSchema>;
export type WebhookChange = z.input<typeof updateWebhookSchema>;
/** One delivery as its own answer gives it: the list's fields and the exact request body. */

/** A webhook's deliveries sit under the webhook: refreshing it refreshes its log. */
export const webhookKeys = {
  all: ['webhooks'] as const,
  lists: () => [...webhookKeys.all, 'list'] as const,
  list: (request: string) => [...webhookKeys.lists(), request] as const,
  detail: (id: number) => [...webhookKeys.all, 'detail', id] as const,
  deliveries: (id: number) => [...webhookKeys.detail(id), 'deliveries'] as const,
  deliveryList: (id: number, request: string) => [...webhookKeys.deliveries(id), request] as const,
  delivery: (id: number, deliveryId: number) => [...webhookKeys.detail(id), 'delivery', deliveryId] as const,
};

const refreshWebhooks = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: webhookKeys.all });

/** A page of webhooks, `request` being `/webhooks?…`. */
export function useWebhooks(request: string) {
  return useQuery({ queryKey: webhookKeys.list(request), queryFn: () => api<WebhookJson[]>('GET', request), placeholderData: keepPreviousData });
}

export function useWebhook(id: number) {
  return useQuery({ queryKey: webhookKeys.detail(id), queryFn: () => api<WebhookJson>('GET', `/webhooks/${id}`) });
}

export function useCreateWebhook(callbacks?: MutationCallbacks<Answer<WebhookWithSecretJson>, NewWebhook>) {
  return useChange({ mutationFn: (webhook: NewWebhook) => api<WebhookWithSecretJson>('POST', '/webhooks', webhook), refresh: refreshWebhooks }, callbacks);
}

export function useUpdateWebhook(callbacks?: MutationCallbacks<Answer<WebhookJson>, { id: number; change: WebhookChange }>) {
  return useChange(
    {
      mutationFn: ({ id, change }: { id: number; change: WebhookChange }) => api<WebhookJson>('PUT', `/webhooks/${id}`, change),
      refresh: (queryClient, answer, { id }) => {
        queryClient.setQueryData(webhookKeys.detail(id), answer);
        return refreshWebhooks(queryClient);
      },
    },
    callbacks,
  );
}

export function useRotateWebhookSecret(id: number, callbacks?: MutationCallbacks<Answer<WebhookWithSecretJson>, void>) {
  return useChange({ mutationFn: () => api<WebhookWithSecretJson>('POST', `/webhooks/${id}/rotate-secret`), refresh: refreshWebhooks }, callbacks);
}

export function useDeleteWebhook(id: number, callbacks?: MutationCallbacks<unknown, void>) {
  return useChange({ mutationFn: () => api('DELETE', `/webhooks/${id}`), refresh: refreshWebhooks }, callbacks);
}

/** A test delivery; the log shows it whether it succeeded or not. */
export function useTestWebhook(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<DeliveryJson>('POST', `/webhooks/${id}/test`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}

/** A page of a webhook's delivery log, `request` being `?…`; deliveries move on their own, so it looks again every `refetchInterval`. */
export function useWebhookDeliveries(id: number, request: string, refetchInterval: number) {
  return useQuery({
    queryKey: webhookKeys.deliveryList(id, request),
    queryFn: () => api<DeliveryJson[]>('GET', `/webhooks/${id}/deliveries${request}`),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** One delivery, shown at once from the list's copy, then with its own answer (which adds the request body). */
export function useWebhookDelivery(id: number, fromList: DeliveryJson, refetchInterval: number) {
  return useQuery({
    queryKey: webhookKeys.delivery(id, fromList.id),
    queryFn: () => api<DeliveryWithBodyJson>('GET', `/webhooks/${id}/deliveries/${fromList.id}`),
    initialData: { data: fromList as DeliveryWithBodyJson },
    staleTime: 0,
    refetchInterval,
  });
}

export function useRedeliver(id: number, deliveryId: number) {
  return useChange({
    mutationFn: () => api<DeliveryJson>('POST', `/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
    refresh: (queryClient, answer) => {
      queryClient.setQueryData(webhookKeys.delivery(id, deliveryId), answer);
      return queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) });
    },
  });
}
