import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MissingFileError, withNewKeys, type FileStore } from './file-store';
import { checkedStorageKey } from './keys';

/** Files under `root` on this machine's disk: the default, for a single app instance. */
export function diskStore(root: string): FileStore {
  const fileFor = (key: string) => path.join(root, checkedStorageKey(key));
  return withNewKeys({
    async putAt(key, bytes) {
      const file = fileFor(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed, so a crash or a second run of a migration never leaves half a file under the key.
      const partial = `${file}.${randomUUID()}.partial`;
      try {
        await fs.writeFile(partial, bytes);
        await fs.rename(partial, file);
      } catch (error) {
        await fs.rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(fileFor(key)));
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') throw new MissingFileError(key, { cause: error });
        throw error;
      }
    },
    async remove(key) {
      await fs.rm(fileFor(key), { force: true });
    },
  });
}
