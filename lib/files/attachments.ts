import { eq } from 'drizzle-orm';
import mime from 'mime-types';
import type { Db } from '@/db/client';
import { attachments } from '@/db/schema';
import { config } from '@/lib/config';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '@/lib/errors';
import { log } from '@/lib/log';
import { MAX_FILES_PER_REQUEST } from './limits';
import { fileStore, MissingFileError } from './store';

export type IncomingFile = { filename: string; contentType: string; bytes: Uint8Array };

export function contentTypeFor(filename: string, declared?: string): string {
  const given = declared?.split(';')[0]?.trim().toLowerCase();
  if (given && given !== 'application/octet-stream' && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(given)) return given;
  return mime.lookup(filename) || 'application/octet-stream';
}

export function checkUploadSize(size: number, filename: string): void {
  const limit = config().maxUploadBytes;
  if (size > limit) throw new PayloadTooLargeError(`${filename} is larger than the upload limit of ${limit} bytes`);
}

/**
 * C0 and C1 control characters (NUL included) and the Unicode bidirectional controls (LRM, RLM,
 * ALM, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069): an override makes
 * "invoice\u202Efdp.exe" read as "invoiceexe.pdf" in a file list.
 */
const UNSAFE_IN_FILENAMES = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** A filename we can store, serve and show: no control characters, at most 255 characters, never cut inside a character. */
function storableFilename(name: string): string {
  return Array.from(name.replace(UNSAFE_IN_FILENAMES, '')).slice(0, 255).join('') || 'upload';
}

/** The parts named "file" of a multipart upload, each checked against the upload limit. */
export async function filesFromForm(form: FormData): Promise<IncomingFile[]> {
  const parts = form.getAll('file').filter((p): p is File => typeof p !== 'string');
  if (parts.length === 0) throw new ValidationError([{ field: 'file', message: 'Send at least one part named "file"' }]);
  if (parts.length > MAX_FILES_PER_REQUEST) {
    throw new ValidationError([{ field: 'file', message: `At most ${MAX_FILES_PER_REQUEST} files per request` }]);
  }
  return Promise.all(
    parts.map(async (part) => {
      checkUploadSize(part.size, part.name);
      const filename = storableFilename(part.name);
      return { filename, contentType: contentTypeFor(filename, part.type), bytes: new Uint8Array(await part.arrayBuffer()) };
    }),
  );
}

/** Decodes a base64 attachment, refusing an oversize one from its encoded length before decoding it. */
export function decodeBase64File(file: { filename: string; content: string }, field: string): IncomingFile {
  const encoded = file.content.replace(/\s+/g, '');
  // Each `=` of padding stands for one byte fewer, so a file of exactly the limit still fits.
  const padding = encoded.length - encoded.replace(/=+$/, '').length;
  checkUploadSize(Math.floor((encoded.length * 3) / 4) - padding, file.filename);
  const normalized = encoded.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized) || normalized.length % 4 === 1) {
    throw new ValidationError([{ field, message: 'Content must be base64-encoded' }]);
  }
  const filename = storableFilename(file.filename);
  return { filename, contentType: contentTypeFor(filename), bytes: new Uint8Array(Buffer.from(normalized, 'base64')) };
}

/** Stores the bytes first; the caller inserts the rows and calls `discard` if its transaction fails. */
export async function storeFiles(files: IncomingFile[]) {
  const stored = [];
  try {
    for (const file of files) stored.push({ ...file, storageKey: await fileStore().put(file.bytes) });
  } catch (error) {
    await discardFiles(stored.map((s) => s.storageKey));
    throw error;
  }
  return stored;
}

export async function discardFiles(keys: string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      fileStore()
        .remove(key)
        .catch(() => undefined),
    ),
  );
}

/** Removes the files of deleted attachments once the deletion has committed; a file left behind is only logged. */
export async function removeStoredFiles(keys: string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      fileStore()
        .remove(key)
        .catch((error: unknown) => log('warn', 'attachment file not removed', { key, error: String(error) })),
    ),
  );
}

/** RFC 8187 `value-chars`: encodeURIComponent leaves ' ( ) * as they are, but they are not attr-chars. */
function rfc8187Encode(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// Only these may be shown inline, and only when a preview asks (`?inline=1`). A type a browser could
// render as a page or run as script (HTML, SVG, XML, …) is always a download, whatever is asked.
const inlineSafe = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);

/** GET /files/{id}/download: the exact bytes with their type, never sniffed; a download unless a safe type's preview is asked for. */
export async function downloadAttachment(db: Db, id: number, options: { inline?: boolean } = {}): Promise<Response> {
  const [attachment] = await db.select().from(attachments).where(eq(attachments.id, id));
  if (!attachment) throw new NotFoundError('File');
  // A file gone from the store is a 404; a store that fails to answer stays a server error.
  const bytes = await fileStore()
    .get(attachment.storageKey)
    .catch((cause: unknown) => {
      throw cause instanceof MissingFileError ? new NotFoundError('File', { cause }) : cause;
    });
  const disposition = options.inline === true && inlineSafe.has(attachment.contentType) ? 'inline' : 'attachment';
  const body = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(body).set(bytes);
  return new Response(body, {
    headers: {
      'Content-Type': attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `${disposition}; filename*=UTF-8''${rfc8187Encode(attachment.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}
