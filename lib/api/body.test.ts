import { describe, expect, it } from 'vitest';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@/lib/errors';
import { readBodyBytes, readJson } from './body';

const url = 'http://localhost:3000/api/v1/tickets';

/** A body that arrives in chunks and records how far it was read and whether the reader gave up. */
function streamedBody(chunks: Uint8Array[]) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[seen.pulled++];
        if (next) controller.enqueue(next);
        else controller.close();
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    // Nothing is pulled ahead of a read, so `pulled` counts what the reader asked for.
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  // Node needs `duplex` for a streamed request body; the DOM typings do not know it yet.
  const init: RequestInit & { duplex: 'half' } = { method: 'POST', body, headers, duplex: 'half' };
  return new Request(url, init);
}

describe('readBodyBytes', () => {
  it('returns the bytes of a body within the limit, up to exactly the limit', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(await readBodyBytes(post(bytes), 256)).toEqual(bytes);
  });

  it('joins a body that arrives in several chunks', async () => {
    const { stream } = streamedBody([new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5, 6])]);
    expect(await readBodyBytes(post(stream), 10)).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6]));
  });

  it('returns no bytes for a request without a body', async () => {
    expect(await readBodyBytes(new Request(url), 10)).toEqual(new Uint8Array());
  });

  it('refuses a declared Content-Length over the limit before reading any of the body', async () => {
    const { stream, seen } = streamedBody([new Uint8Array(100)]);
    const reading = readBodyBytes(post(stream, { 'content-length': '100' }), 10);

    await expect(reading).rejects.toThrow(new PayloadTooLargeError('Request body exceeds the limit of 10 bytes'));
    await expect(reading).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(seen.pulled).toBe(0);
  });

  it('refuses a streamed body without Content-Length once it passes the limit, and stops reading', async () => {
    const chunks = Array.from({ length: 1000 }, () => new Uint8Array(4));
    const { stream, seen } = streamedBody(chunks);
    const reading = readBodyBytes(post(stream), 10);

    await expect(reading).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(reading).rejects.toThrow('Request body exceeds the limit of 10 bytes');
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(5);
  });

  it('refuses a body larger than the limit even when its Content-Length claims less', async () => {
    const { stream, seen } = streamedBody([new Uint8Array(8), new Uint8Array(8), new Uint8Array(8)]);
    await expect(readBodyBytes(post(stream, { 'content-length': '8' }), 10)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(seen.cancelled).toBe(true);
  });
});

describe('readJson', () => {
  // A string body would otherwise go out as text/plain, which readJson refuses.
  const json = { 'content-type': 'application/json' };
  const postJson = (body: BodyInit | null, headers: Record<string, string> = {}) => post(body, { ...json, ...headers });

  it('parses a JSON body within the limit', async () => {
    expect(await readJson(postJson('{"content":"Hello"}'), 100)).toEqual({ content: 'Hello' });
  });

  it('refuses a JSON body over the limit with PayloadTooLargeError, not a parse error', async () => {
    const body = JSON.stringify({ content: 'x'.repeat(200) });
    await expect(readJson(postJson(body), 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(readJson(postJson(body, { 'content-length': String(body.length) }), 100)).rejects.toThrow('Request body exceeds the limit of 100 bytes');
    const { stream } = streamedBody(Array.from({ length: 50 }, () => new TextEncoder().encode('[1,2,3,4,5]')));
    await expect(readJson(postJson(stream), 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('refuses an empty body and invalid JSON with InvalidJsonError', async () => {
    await expect(readJson(postJson(''), 100)).rejects.toThrow(new InvalidJsonError('Request body must be a JSON object'));
    await expect(readJson(postJson('  \n'), 100)).rejects.toBeInstanceOf(InvalidJsonError);
    await expect(readJson(postJson('{"content":'), 100)).rejects.toThrow(new InvalidJsonError('Request body is not valid JSON'));
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/merge-patch+json',
    'application/vnd.loopdesk.v1+json; charset=utf-8',
  ])('reads a body sent as %s', async (type) => {
    expect(await readJson(post('{"content":"Hello"}', { 'content-type': type }), 100)).toEqual({ content: 'Hello' });
  });

  it.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json'])(
    'refuses a body sent as %s with UnsupportedMediaTypeError',
    async (type) => {
      await expect(readJson(post('{"content":"Hello"}', { 'content-type': type }), 100)).rejects.toThrow(
        new UnsupportedMediaTypeError('Send the body as application/json'),
      );
    },
  );

  it('refuses a body without a Content-Type, but answers a request without a body as before', async () => {
    const untyped = new Request(url, { method: 'POST', body: new TextEncoder().encode('{"content":"Hello"}') });
    expect(untyped.headers.get('content-type')).toBeNull();
    await expect(readJson(untyped, 100)).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(readJson(new Request(url, { method: 'POST' }), 100)).rejects.toThrow(new InvalidJsonError('Request body must be a JSON object'));
    await expect(readJson(post('', { 'content-type': 'text/plain' }), 100)).rejects.toThrow(new InvalidJsonError('Request body must be a JSON object'));
  });
});
