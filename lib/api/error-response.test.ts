import { describe, expect, it, vi } from 'vitest';
import { PasswordWorkBusy } from '@/lib/agents/password';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '@/lib/errors';
import { errorToResponse } from './error-response';

const body = async (res: Response) => (await res.json()) as { success: boolean; error: { code: string; message: string } };

describe('errorToResponse', () => {
  it.each([
    [new UnauthorizedError('Invalid API key'), 401, 'UNAUTHORIZED'],
    [new ForbiddenError('No'), 403, 'FORBIDDEN'],
    [new NotFoundError('Ticket'), 404, 'NOT_FOUND'],
    [new ConflictError('An agent with email a@b.co already exists'), 409, 'CONFLICT'],
    [new PayloadTooLargeError('Too big'), 413, 'PAYLOAD_TOO_LARGE'],
    [new UnsupportedMediaTypeError('Send the body as application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [new TooManyAttemptsError('Too many password attempts: try again in 60 seconds', 60), 429, 'RATE_LIMIT_EXCEEDED'],
    // A sign-in flood fills the password hashing queue: a change of password then waits its turn or is told to retry.
    [new PasswordWorkBusy('Too many password checks are waiting: try again in a few seconds'), 503, 'SERVICE_UNAVAILABLE'],
  ])('maps %s to %i %s with its message', async (error, status, code) => {
    const res = errorToResponse(error, 'req-1');
    expect(res.status).toBe(status);
    expect(await body(res)).toMatchObject({ success: false, error: { code, message: error.message } });
  });

  it('answers 409 CONFLICT for a unique violation raised by PostgreSQL, even when wrapped', async () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const res = errorToResponse(new Error('Failed query', { cause: pgError }), 'req-2');
    expect(res.status).toBe(409);
    expect((await body(res)).error.code).toBe('CONFLICT');
  });

  it('answers 400 when a text is too large to index, and logs no query parameters', async () => {
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const pgError = Object.assign(new Error('string is too long for tsvector'), { code: '54000' });
    const res = errorToResponse(new Error('Failed query: update ... params: secret-hash', { cause: pgError }), 'req-4');
    expect(res.status).toBe(400);
    expect(await body(res)).toMatchObject({ error: { code: 'VALIDATION_ERROR', message: 'The text is too large to be indexed for search' } });
    expect(String(logged.mock.calls[0]?.[0])).not.toContain('secret-hash');
    logged.mockRestore();
  });

  it('answers an unexpected error with a 500 that quotes the request id, logs the stack and shows none of it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = errorToResponse(new TypeError('secret internals at line 42'), 'req-3');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred; quote request id req-3 when reporting it' },
      timestamp: expect.stringMatching(/Z$/),
    });
    expect(text).not.toContain('secret internals');
    const line = JSON.parse(String(logged.mock.calls[0]?.[0])) as { level: string; requestId: string; error: string };
    expect(line).toMatchObject({ level: 'error', requestId: 'req-3' });
    expect(line.error).toContain('secret internals at line 42');
    logged.mockRestore();
  });
});
