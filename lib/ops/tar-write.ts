import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { BLOCK, entryHeaders, padding, reservedHeaderLength } from './tar-format';

export type TarWriter = {
  /** Adds one file whose bytes are at hand. */
  add(path: string, bytes: Uint8Array): Promise<void>;
  /** Adds one file from a stream of unknown length, never holding more than one chunk. */
  addStream(path: string, chunks: AsyncIterable<Uint8Array>): Promise<{ size: number; sha256: string }>;
  /** Writes the end-of-archive blocks and flushes the file to disk. */
  close(): Promise<void>;
  /** Closes and removes the unfinished file. */
  discard(): Promise<void>;
};

/**
 * A tar file written at explicit offsets: a streamed entry (the database dump) gets room for its
 * headers first, and they are filled in once its size and checksum are known. So the dump goes
 * straight into the archive, with no temporary copy and nothing of it held in memory.
 */
export async function createTarFile(file: string): Promise<TarWriter> {
  const handle = await fs.open(file, 'w', 0o600);
  const mtime = Math.floor(Date.now() / 1000);
  let position = 0;

  const write = async (bytes: Uint8Array, at = position) => {
    await handle.write(bytes, 0, bytes.byteLength, at);
    if (at === position) position += bytes.byteLength;
  };

  return {
    async add(path, bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await write(entryHeaders(path, bytes.byteLength, sha256, mtime));
      await write(bytes);
      await write(Buffer.alloc(padding(bytes.byteLength)));
    },

    async addStream(path, chunks) {
      const headerAt = position;
      const reserved = reservedHeaderLength(path);
      await write(Buffer.alloc(reserved));
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.byteLength;
        await write(chunk);
      }
      await write(Buffer.alloc(padding(size)));
      const sha256 = hash.digest('hex');
      const headers = entryHeaders(path, size, sha256, mtime);
      if (headers.length !== reserved) throw new Error(`The headers of ${path} outgrew the room kept for them`);
      await write(headers, headerAt);
      return { size, sha256 };
    },

    async close() {
      await write(Buffer.alloc(2 * BLOCK));
      await handle.sync();
      await handle.close();
    },

    async discard() {
      await handle.close().catch(() => undefined);
      await fs.rm(file, { force: true });
    },
  };
}
