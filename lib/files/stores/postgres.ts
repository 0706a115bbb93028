import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { storedFileChunks, storedFiles } from '@/db/schema';
import { MissingFileError, withNewKeys, type FileStore } from './file-store';
import { checkedStorageKey } from './keys';

/**
 * 256 KiB: large enough that a 25 MB upload is a hundred rows, small enough that each row's
 * statement (sent hex-encoded, twice the size) stays far below any server or driver limit.
 */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Files as rows of the app's own database: every instance sees them, with no service to run.
 * Takes the database as a function so the store outlives a closed and reopened pool.
 */
export function postgresStore(database: () => Db): FileStore {
  return withNewKeys({
    async putAt(key, bytes) {
      checkedStorageKey(key);
      // One transaction: a reader sees the old file or the whole new one, never a mix of chunks.
      await database().transaction(async (tx) => {
        await tx
          .insert(storedFiles)
          .values({ key, size: bytes.byteLength })
          .onConflictDoUpdate({ target: storedFiles.key, set: { size: bytes.byteLength } });
        await tx.delete(storedFileChunks).where(eq(storedFileChunks.key, key));
        for (let seq = 0; seq * CHUNK_BYTES < bytes.byteLength; seq++) {
          const chunk = bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES);
          await tx.insert(storedFileChunks).values({ key, seq, bytes: chunk });
        }
      });
    },
    async get(key) {
      checkedStorageKey(key);
      // The file's row joined to its chunks: an empty file is one row without bytes, a missing file no row.
      const rows = await database()
        .select({ size: storedFiles.size, bytes: storedFileChunks.bytes })
        .from(storedFiles)
        .leftJoin(storedFileChunks, eq(storedFileChunks.key, storedFiles.key))
        .where(eq(storedFiles.key, key))
        .orderBy(asc(storedFileChunks.seq));
      const size = rows[0]?.size;
      if (size === undefined) throw new MissingFileError(key);
      const file = new Uint8Array(size);
      let offset = 0;
      for (const { bytes } of rows) {
        if (!bytes) continue;
        if (offset + bytes.byteLength > size) throw new Error(`Stored file ${key} has more bytes than its size of ${size}`);
        file.set(bytes, offset);
        offset += bytes.byteLength;
      }
      if (offset !== size) throw new Error(`Stored file ${key} has ${offset} of its ${size} bytes`);
      return file;
    },
    async remove(key) {
      checkedStorageKey(key);
      // The chunks go with the file (on delete cascade).
      await database().delete(storedFiles).where(eq(storedFiles.key, key));
    },
  });
}
