'use client';

import type { z } from 'zod';
import type { changePasswordSchema } from '@/lib/agents/schema';
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
