'use client';

import { useMutation, useQueryClient, type QueryClient, type UseMutationOptions } from '@tanstack/react-query';

/** What a component adds to a change: its own reaction to success or failure. */
export type MutationCallbacks<TData, TVariables> = Pick<UseMutationOptions<TData, Error, TVariables>, 'onMutate' | 'onSuccess' | 'onError' | 'onSettled'>;

/**
 * A change through the API that then refreshes what it changed. The refresh starts before the
 * component's own `onSuccess`; with `awaitRefresh` that waits for it, so old data never flashes back.
 */
export function useChange<TData, TVariables>(
  change: {
    mutationFn: (variables: TVariables) => Promise<TData>;
    refresh: (queryClient: QueryClient, data: TData, variables: TVariables) => Promise<unknown>;
    awaitRefresh?: boolean;
  },
  callbacks: MutationCallbacks<TData, TVariables> = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    ...callbacks,
    mutationFn: change.mutationFn,
    onSuccess: async (...args) => {
      const refreshed = change.refresh(queryClient, args[0], args[1]);
      if (change.awaitRefresh) await refreshed;
      return callbacks.onSuccess?.(...args);
    },
  });
}
