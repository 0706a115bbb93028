import { randomUUID } from 'node:crypto';

/**
 * Storage keys are made here, never taken from a filename or a request, and every driver checks
 * them before use: a key is a path on disk and an object name in a bucket, so nothing but this
 * shape may reach them. The two-character prefix spreads files over 256 directories on disk.
 */
const KEY_SHAPE = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

/** Returns `key` when it has the shape newStorageKey makes, and throws otherwise. */
export function checkedStorageKey(key: string): string {
  if (!KEY_SHAPE.test(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
  return key;
}
