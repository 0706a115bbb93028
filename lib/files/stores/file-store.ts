import { newStorageKey } from './keys';

/**
 * Where attachment bytes live. Every driver keeps the same keys, so a file moved from one store
 * to another (`loopdesk storage migrate`, a restored backup) is found under the key its
 * attachment row already holds.
 */
export interface FileStore {
  /** Stores new bytes under a key of the store's making. */
  put(bytes: Uint8Array): Promise<string>;
  /** Stores bytes under a key another store made (moving files between stores, restoring a backup); replaces what is there. */
  putAt(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`; rejects with MissingFileError when there are none. */
  get(key: string): Promise<Uint8Array>;
  /** Removes the bytes under `key`; nothing there is not an error. */
  remove(key: string): Promise<void>;
}

/** A store from its driver's three calls: new files get a key of Loopdesk's making, the same in every driver. */
export function withNewKeys(driver: Omit<FileStore, 'put'>): FileStore {
  return {
    ...driver,
    async put(bytes) {
      const key = newStorageKey();
      await driver.putAt(key, bytes);
      return key;
    },
  };
}

/**
 * No bytes under a key the database names: a file removed by hand, a store switched without
 * migrating. Kept apart from other failures so that a store that is down is not reported as a
 * file that is gone.
 */
export class MissingFileError extends Error {
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`No stored file under ${key}`, options);
    this.name = 'MissingFileError';
  }
}
