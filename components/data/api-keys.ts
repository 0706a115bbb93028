'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApiKeyJson, createApiKeySchema, NewApiKeyJson } from '@/lib/api-keys/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';

export type NewApiKey = z.input<typeof createApiKeySchema>;
/** A new key as the form sends it: a rate limit that is not a number goes as typed, for the API to name the problem. */
export type ApiKeyDraft = Omit<NewApiKey, 'rate_limit'> & { rate_limit?: NewApiKey['rate_limit'] | string };

export const apiKeyKeys = { all: ['api-keys'] as const };

const refreshApiKeys = { refresh: (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }) };

/** The live keys (revoked ones are gone from the API). */
export function useApiKeys() {
  return useQuery({ queryKey: apiKeyKeys.all, queryFn: () => api<ApiKeyJson[]>('GET', '/api-keys') });
}

export function useCreateApiKey(callbacks?: MutationCallbacks<Answer<NewApiKeyJson>, ApiKeyDraft>) {
  return useChange({ mutationFn: (key: ApiKeyDraft) => api<NewApiKeyJson>('POST', '/api-keys', key), ...refreshApiKeys }, callbacks);
}

export function useRevokeApiKey(callbacks?: MutationCallbacks<unknown, ApiKeyJson>) {
  return useChange({ mutationFn: (key: ApiKeyJson) => api('DELETE', `/api-keys/${key.id}`), ...refreshApiKeys }, callbacks);
}
