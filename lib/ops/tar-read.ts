import { createHash } from 'node:crypto';
import { BackupError } from './errors';
import { BLOCK, checksumOf, padding, parseHeader, parsePax } from './tar-format';

export type TarEntry = {
  path: string;
  size: number;
  /** The checksum the writer recorded, if it recorded one (every Loopdesk entry has one). */
  sha256: string | undefined;
  /** The bytes, in the chunks they arrive in; read before asking for the next entry. Throws at the end if they do not match `sha256`. */
  chunks(): AsyncGenerator<Buffer>;
  /** All the bytes at once: for attachments, which the file store takes whole anyway. */
  bytes(): Promise<Buffer>;
};

/** An attachment is held in memory whole when restored (FileStore.putAt takes bytes); refuse what cannot be. */
const MAX_ENTRY_IN_MEMORY = 2 ** 31 - 1;
const MAX_PAX_HEADER = 64 * 1024;

function truncated(where: string, bytes: number): BackupError {
  if (bytes === 0) return new BackupError('The archive is empty: it is not a Loopdesk backup.');
  if (bytes < BLOCK) return new BackupError('This file is not a Loopdesk backup: it is too short to be a tar archive.');
  return new BackupError(`The archive is truncated: it ends ${where}, after ${bytes} bytes. Was it copied completely?`);
}

const damaged = (what: string, options?: ErrorOptions) => new BackupError(`The archive is damaged: ${what}.`, options);

/** Reads exact byte counts from a stream, keeping at most one chunk (or one header) buffered. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private consumed = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  get offset() {
    return this.consumed;
  }

  private async more(where: string): Promise<void> {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await this.source.next();
    } catch (error) {
      // zlib's codes: a gzip-compressed archive that does not decode is as damaged as a bad header.
      if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_')) {
        throw damaged('its gzip compression does not decode', { cause: error });
      }
      throw error;
    }
    if (next.done) throw truncated(where, this.consumed + this.buffered.length);
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
  }

  async exactly(length: number, where: string): Promise<Buffer> {
    while (this.buffered.length < length) await this.more(where);
    const bytes = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    this.consumed += length;
    return bytes;
  }

  async *take(length: number, where: string): AsyncGenerator<Buffer> {
    for (let left = length; left > 0; ) {
      if (this.buffered.length === 0) await this.more(where);
      const piece = this.buffered.subarray(0, Math.min(left, this.buffered.length));
      this.buffered = this.buffered.subarray(piece.length);
      this.consumed += piece.length;
      left -= piece.length;
      yield piece;
    }
  }
}

/** Reads an entry's bytes to their end, which checks them, and drops them. */
export async function drain(chunks: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of chunks) void chunk;
}

/**
 * The regular files of a tar stream, in order, each checked against its recorded checksum.
 * Other entry types (directories, links) are skipped. Ends at the end-of-archive block, and
 * throws a BackupError when the stream ends before it or a header is damaged.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    yield* entries(new ByteReader(iterator));
  } finally {
    // Stopped early (a damaged entry, a failed restore): close the file behind the stream now, not at exit.
    await iterator.return?.();
  }
}

async function* entries(reader: ByteReader): AsyncGenerator<TarEntry> {
  let pax: Record<string, string> = {};
  for (;;) {
    const at = reader.offset;
    const block = await reader.exactly(BLOCK, 'before its end-of-archive marker');
    if (block.every((byte) => byte === 0)) return;
    const header = parseHeader(block);
    if (!header) {
      if (at === 0) throw new BackupError('This file is not a Loopdesk backup: it is not a tar archive.');
      throw damaged(`no valid entry header at byte ${at}`);
    }
    if (header.type === 'x' || header.type === 'g') {
      if (header.size > MAX_PAX_HEADER) throw damaged(`an extended header at byte ${at} is ${header.size} bytes long`);
      const data = await reader.exactly(header.size + padding(header.size), 'inside an entry header');
      const records = parsePax(data.subarray(0, header.size));
      if (!records) throw damaged(`the extended header at byte ${at} does not parse`);
      if (header.type === 'x') pax = records;
      continue;
    }
    const path = pax.path ?? header.name;
    const size = pax.size === undefined ? header.size : Number(pax.size);
    const sha256 = checksumOf(pax);
    pax = {};
    if (!Number.isSafeInteger(size) || size < 0) throw damaged(`the size of ${path} is not a number`);
    if (header.type !== '0' && header.type !== '7') {
      await reader.exactly(size + padding(size), `inside ${path}`);
      continue;
    }

    // Set inside the generators below; an assertion, so the checks after `yield` are not narrowed away.
    let state = 'unread' as 'unread' | 'reading' | 'read';
    async function* chunks(): AsyncGenerator<Buffer> {
      if (state !== 'unread') throw new Error(`${path} was read already`);
      state = 'reading';
      const hash = createHash('sha256');
      for await (const chunk of reader.take(size, `inside ${path}`)) {
        hash.update(chunk);
        yield chunk;
      }
      await reader.exactly(padding(size), `inside ${path}`);
      if (sha256 !== undefined && hash.digest('hex') !== sha256) throw damaged(`${path} does not match its checksum`);
      state = 'read';
    }
    async function bytes(): Promise<Buffer> {
      if (size > MAX_ENTRY_IN_MEMORY) throw new BackupError(`${path} is ${size} bytes, more than a restore can hold in memory at once.`);
      const whole = Buffer.allocUnsafe(size);
      let filled = 0;
      for await (const chunk of chunks()) filled += chunk.copy(whole, filled);
      return whole;
    }

    yield { path, size, sha256, chunks, bytes };
    if (state === 'unread') await drain(chunks());
    // A caller that stopped inside an entry left the stream mid-file: nothing after it can be read.
    if (state === 'reading') throw new Error(`${path} was not read to its end`);
  }
}
