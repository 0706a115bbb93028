'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SavedViewJson, savedViewSchema } from '@/lib/views/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';

export type NewSavedView = z.input<typeof savedViewSchema>;

export const viewKeys = { all: ['views'] as const };

const refreshViews = { refresh: (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: viewKeys.all }) };

/** The signed-in agent's own saved inbox views. */
export function useSavedViews() {
  return useQuery({ queryKey: viewKeys.all, queryFn: () => api<SavedViewJson[]>('GET', '/views') });
}

export function useCreateSavedView(callbacks?: MutationCallbacks<Answer<SavedViewJson>, NewSavedView>) {
  return useChange({ mutationFn: (view: NewSavedView) => api<SavedViewJson>('POST', '/views', view), ...refreshViews }, callbacks);
}

export function useDeleteSavedView() {
  return useChange({ mutationFn: (id: number) => api('DELETE', `/views/${id}`), ...refreshViews });
}
