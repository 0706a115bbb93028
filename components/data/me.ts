'use client';

import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AgentPreferencesJson, changePasswordSchema, updatePreferencesSchema } from '@/lib/agents/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';

export type PasswordChange = z.input<typeof changePasswordSchema>;

// Neither change touches anything cached: the signed-in agent comes with the page.
const nothingCached = async () => {};

export function useChangePassword(callbacks?: MutationCallbacks<unknown, PasswordChange>) {
  return useChange({ mutationFn: (change: PasswordChange) => api('PUT', '/me/password', change), refresh: nothingCached }, callbacks);
}

/** Ends the signed-in agent's other sessions. */
export function useSignOutElsewhere(callbacks?: MutationCallbacks<Answer<{ ended_sessions: number }>, void>) {
  return useChange({ mutationFn: () => api<{ ended_sessions: number }>('DELETE', '/me/sessions'), refresh: nothingCached }, callbacks);
}

export type PreferencesChange = z.input<typeof updatePreferencesSchema>;

export const meKeys = { preferences: ['me', 'preferences'] as const };

/**
 * The signed-in agent's preferences. The page comes with them (`initial`, read with the session),
 * so the desk never waits for them; a change here is seen at once by every screen of this tab.
 */
export function usePreferences(initial: AgentPreferencesJson) {
  return useQuery({
    queryKey: meKeys.preferences,
    queryFn: () => api<AgentPreferencesJson>('GET', '/me/preferences'),
    initialData: { data: initial },
    staleTime: Number.POSITIVE_INFINITY,
    select: (answer) => answer.data,
  });
}

export function useUpdatePreferences(callbacks?: MutationCallbacks<Answer<AgentPreferencesJson>, PreferencesChange>) {
  return useChange(
    {
      mutationFn: (change: PreferencesChange) => api<AgentPreferencesJson>('PUT', '/me/preferences', change),
      refresh: async (queryClient, answer) => queryClient.setQueryData(meKeys.preferences, answer),
    },
    callbacks,
  );
}
