'use client';

import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createMacroSchema, MacroJson, updateMacroSchema } from '@/lib/macros/schema';
import type { TicketJson } from '@/lib/tickets/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';
import { ticketKeys } from './tickets';

export type NewMacro = z.input<typeof createMacroSchema>;
export type MacroChange = z.input<typeof updateMacroSchema>;
export type AppliedMacro = { body: string; ticket: TicketJson };

export const macroKeys = { all: ['macros'] as const, list: (search: string) => ['macros', 'list', search] as const };

const refreshMacros = { refresh: (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: macroKeys.all }) };

/** The shared macros and the signed-in agent's own, by name; `search` narrows them by name. */
export function useMacros(search = '') {
  const query = new URLSearchParams({ per_page: '100', ...(search.trim() ? { search: search.trim() } : {}) });
  return useQuery({ queryKey: macroKeys.list(search.trim()), queryFn: () => api<MacroJson[]>('GET', `/macros?${query}`), placeholderData: keepPreviousData });
}

export function useCreateMacro(callbacks?: MutationCallbacks<Answer<MacroJson>, NewMacro>) {
  return useChange({ mutationFn: (macro: NewMacro) => api<MacroJson>('POST', '/macros', macro), ...refreshMacros }, callbacks);
}

export function useUpdateMacro(callbacks?: MutationCallbacks<Answer<MacroJson>, { id: number; change: MacroChange }>) {
  return useChange(
    { mutationFn: ({ id, change }: { id: number; change: MacroChange }) => api<MacroJson>('PUT', `/macros/${id}`, change), ...refreshMacros },
    callbacks,
  );
}

export function useDeleteMacro(callbacks?: MutationCallbacks<Answer<unknown>, MacroJson>) {
  return useChange({ mutationFn: (macro: MacroJson) => api('DELETE', `/macros/${macro.id}`), ...refreshMacros }, callbacks);
}

/** Applies a macro's actions to the ticket and answers its text; the ticket and its lists refresh. */
export function useApplyMacro(ticketId: number, callbacks?: MutationCallbacks<Answer<AppliedMacro>, number>) {
  return useChange(
    {
      mutationFn: (macroId: number) => api<AppliedMacro>('POST', `/tickets/${ticketId}/macros/${macroId}/apply`),
      refresh: (queryClient) => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
    },
    callbacks,
  );
}
