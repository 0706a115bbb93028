import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@/lib/errors';

/** Reads at most `limit` bytes of the body; a larger one is refused before it is all in memory. */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// application/json or a structured syntax suffix (RFC 6839: application/merge-patch+json), parameters allowed.
const JSON_MEDIA_TYPE = /^application\/(?:[\w.!#$&^+-]*\+)?json\s*(?:;.*)?$/i;

/**
 * The body as JSON. Only a body declared as JSON is read: a text/plain or form body is what a
 * cross-site HTML form or a careless client sends, and reading it anyway would accept it silently.
 * An empty body is checked first, so a request without one answers as it always has.
 */
export async function readJson(req: Request, limit: number): Promise<unknown> {
  const bytes = await readBodyBytes(req, limit);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.trim() === '') throw new InvalidJsonError('Request body must be a JSON object');
  if (!JSON_MEDIA_TYPE.test(req.headers.get('content-type') ?? '')) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InvalidJsonError('Request body is not valid JSON', { cause });
  }
}

export async function readMultipart(req: Request, limit: number): Promise<FormData> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new ValidationError([{ field: 'file', message: 'Upload files as multipart/form-data parts named "file"' }]);
  }
  const bytes = await readBodyBytes(req, limit);
  try {
    return await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new ValidationError([{ field: 'file', message: 'Request body is not valid multipart/form-data' }]);
  }
}

/**
 * A body that is not JSON and is read whole (a raw email as `message/rfc822`): only of the declared
 * media type, and within `limit` bytes.
 */
export async function readRawBody(req: Request, limit: number, mediaType: string): Promise<Buffer> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== mediaType) throw new UnsupportedMediaTypeError(`Send the body as ${mediaType}`);
  return Buffer.from(await readBodyBytes(req, limit));
}

function tooLarge(limit: number) {
  return new PayloadTooLargeError(`Request body exceeds the limit of ${limit} bytes`);
}
