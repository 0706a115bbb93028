'use client';

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AuthorizedAppJson,
  createOAuthAppSchema,
  NewOAuthAppJson,
  OAuthAppJson,
  OAuthAppWithSecretJson,
  OAuthGrantJson,
  updateOAuthAppSchema,
} from '@/lib/oauth/schema';
import { api, type Answer } from './api';
import { useChange, type MutationCallbacks } from './mutation';

export type NewOAuthApp = z.input<typeof createOAuthAppSchema>;
export type OAuthAppChange = z.input<typeof updateOAuthAppSchema>;

/** An app's grants sit under the app: refreshing the app refreshes who authorized it. */
export const oauthAppKeys = {
  all: ['oauth-apps'] as const,
  list: () => [...oauthAppKeys.all, 'list'] as const,
  detail: (id: number) => [...oauthAppKeys.all, 'detail', id] as const,
  grants: (id: number) => [...oauthAppKeys.detail(id), 'grants'] as const,
};

/** The apps the signed-in agent authorized. */
export const authorizedAppKeys = { all: ['me', 'authorized-apps'] as const };

// An app's name, description and scopes also show on the agent's authorized-apps page.
const refreshOAuthApps = (queryClient: QueryClient) =>
  Promise.all([queryClient.invalidateQueries({ queryKey: oauthAppKeys.all }), queryClient.invalidateQueries({ queryKey: authorizedAppKeys.all })]);

export function useOAuthApps() {
  return useQuery({ queryKey: oauthAppKeys.list(), queryFn: () => api<OAuthAppJson[]>('GET', '/oauth-apps') });
}

export function useOAuthApp(id: number) {
  return useQuery({ queryKey: oauthAppKeys.detail(id), queryFn: () => api<OAuthAppJson>('GET', `/oauth-apps/${id}`) });
}

/** The agents who authorized the app, with the scopes of their live tokens. */
export function useOAuthAppGrants(id: number) {
  return useQuery({ queryKey: oauthAppKeys.grants(id), queryFn: () => api<OAuthGrantJson[]>('GET', `/oauth-apps/${id}/grants`) });
}

/** Answers with a confidential app's client secret, shown this once. */
export function useCreateOAuthApp(callbacks?: MutationCallbacks<Answer<NewOAuthAppJson>, NewOAuthApp>) {
  return useChange({ mutationFn: (app: NewOAuthApp) => api<NewOAuthAppJson>('POST', '/oauth-apps', app), refresh: refreshOAuthApps }, callbacks);
}

export function useUpdateOAuthApp(callbacks?: MutationCallbacks<Answer<OAuthAppJson>, { id: number; change: OAuthAppChange }>) {
  return useChange(
    {
      mutationFn: ({ id, change }: { id: number; change: OAuthAppChange }) => api<OAuthAppJson>('PUT', `/oauth-apps/${id}`, change),
      refresh: (queryClient, answer, { id }) => {
        queryClient.setQueryData(oauthAppKeys.detail(id), answer);
        return refreshOAuthApps(queryClient);
      },
    },
    callbacks,
  );
}

/** A new client secret at once, shown this once; the old one stops working. */
export function useRotateOAuthAppSecret(id: number, callbacks?: MutationCallbacks<Answer<OAuthAppWithSecretJson>, void>) {
  return useChange({ mutationFn: () => api<OAuthAppWithSecretJson>('POST', `/oauth-apps/${id}/rotate-secret`), refresh: refreshOAuthApps }, callbacks);
}

/** Deletes the app; every agent's grant ends with it. */
export function useDeleteOAuthApp(id: number, callbacks?: MutationCallbacks<unknown, void>) {
  return useChange(
    {
      mutationFn: () => api('DELETE', `/oauth-apps/${id}`),
      // The deleted app's own queries are dropped, not refetched into a 404 while the page leaves.
      refresh: (queryClient) => {
        queryClient.removeQueries({ queryKey: oauthAppKeys.detail(id) });
        queryClient.removeQueries({ queryKey: oauthAppKeys.grants(id) });
        return refreshOAuthApps(queryClient);
      },
    },
    callbacks,
  );
}

export function useAuthorizedApps() {
  return useQuery({ queryKey: authorizedAppKeys.all, queryFn: () => api<AuthorizedAppJson[]>('GET', '/me/authorized-apps') });
}

/** Withdraws an app's access to the signed-in agent: its tokens stop working at once. */
export function useRevokeAuthorizedApp(callbacks?: MutationCallbacks<unknown, AuthorizedAppJson>) {
  return useChange(
    {
      mutationFn: (authorized: AuthorizedAppJson) => api('DELETE', `/me/authorized-apps/${authorized.app.id}`),
      refresh: (queryClient, _answer, authorized) =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: authorizedAppKeys.all }),
          queryClient.invalidateQueries({ queryKey: oauthAppKeys.grants(authorized.app.id) }),
        ]),
    },
    callbacks,
  );
}
