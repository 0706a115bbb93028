'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CustomFieldEntity, CustomFieldJson, createCustomFieldSchema, updateCustomFieldSchema } from '@/lib/custom-fields/schema';
import { api, type Answer } from './api';
import { LOOKUP_STALE_MS } from './lookups';
import { useChange, type MutationCallbacks } from './mutation';

export type NewCustomField = z.input<typeof createCustomFieldSchema>;
export type CustomFieldChange = z.input<typeof updateCustomFieldSchema>;

export const customFieldKeys = {
  all: ['custom-fields'] as const,
  of: (entity: CustomFieldEntity) => [...customFieldKeys.all, entity] as const,
};

/** The fields an admin has defined for tickets or customers, in form order. */
export function useCustomFieldDefinitions(entity: CustomFieldEntity) {
  return useQuery({
    queryKey: customFieldKeys.of(entity),
    // 100 is the API's page limit; a desk with more fields than that would need paging here.
    queryFn: () => api<CustomFieldJson[]>('GET', `/custom-fields?entity=${entity}&per_page=100`),
    select: (answer) => answer.data,
    staleTime: LOOKUP_STALE_MS,
  });
}

// The ticket panel and the customer form render these definitions.
const refreshDefinitions = { refresh: (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: customFieldKeys.all }) };

export function useCreateCustomField(callbacks?: MutationCallbacks<Answer<CustomFieldJson>, NewCustomField>) {
  return useChange({ mutationFn: (field: NewCustomField) => api<CustomFieldJson>('POST', '/custom-fields', field), ...refreshDefinitions }, callbacks);
}

export function useUpdateCustomField(callbacks?: MutationCallbacks<Answer<CustomFieldJson>, { id: number; change: CustomFieldChange }>) {
  return useChange(
    {
      mutationFn: ({ id, change }: { id: number; change: CustomFieldChange }) => api<CustomFieldJson>('PUT', `/custom-fields/${id}`, change),
      ...refreshDefinitions,
    },
    callbacks,
  );
}

export function useDeleteCustomField(callbacks?: MutationCallbacks<unknown, CustomFieldJson>) {
  return useChange({ mutationFn: (definition: CustomFieldJson) => api('DELETE', `/custom-fields/${definition.id}`), ...refreshDefinitions }, callbacks);
}

/**
 * New positions for several fields, one after the other: a half-done swap is then visible after
 * the refresh (which follows success and failure alike), not hidden by a race.
 */
export function useMoveCustomFields(callbacks?: Pick<MutationCallbacks<void, { id: number; position: number }[]>, 'onMutate' | 'onError'>) {
  const queryClient = useQueryClient();
  return useMutation({
    ...callbacks,
    mutationFn: async (moves: { id: number; position: number }[]) => {
      for (const { id, position } of moves) await api('PUT', `/custom-fields/${id}`, { position } satisfies CustomFieldChange);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all }),
  });
}
