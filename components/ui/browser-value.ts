import { useSyncExternalStore } from 'react';

const unchanging = () => () => {};

/**
 * A value only the browser knows and that never changes while the page is open (its time zone, its
 * list of zone names): `onServer` in the server render and while hydrating, so the two renders
 * agree, then the browser's.
 */
export function useBrowserValue<T>(inBrowser: () => T, onServer: T): T {
  return useSyncExternalStore(unchanging, inBrowser, () => onServer);
}
