import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '@/lib/config';

/**
 * Where attachment bytes live. The disk store serves a single instance; a multi-instance
 * setup plugs an S3-compatible store in behind the same three calls.
 */
export interface FileStore {
  /** Stores new bytes under a key of the store's making. */
  put(bytes: Uint8Array): Promise<string>;
  /** Stores bytes under a key another store made (moving files between stores, restoring a backup). */
  putAt(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

export function diskStore(root: string): FileStore {
  // Keys are generated here, never taken from a filename, so no path can escape the root.
  const fileFor = (key: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`Invalid storage key ${key}`);
    return path.join(root, key);
  };
  return {
    async put(bytes) {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      await this.putAt(key, bytes);
      return key;
    },
    async putAt(key, bytes) {
      await fs.mkdir(path.dirname(fileFor(key)), { recursive: true });
      await fs.writeFile(fileFor(key), bytes);
    },
    async get(key) {
      return new Uint8Array(await fs.readFile(fileFor(key)));
    },
    async remove(key) {
      await fs.rm(fileFor(key), { force: true });
    },
  };
}

let store: FileStore | undefined;

export function fileStore(): FileStore {
  store ??= diskStore(path.join(config().dataDir, 'files'));
  return store;
}
