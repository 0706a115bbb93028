import { randomUUID } from 'node:crypto';

/**
 * The request's id: the caller's `X-Request-Id` when it is a plain token (letters, digits, `_.-`, at
 * most 100), so logs and the audit log can be matched with the caller's own; otherwise a new one.
 */
export function requestIdOf(headers: Pick<Headers, 'get'>): string {
  const id = headers.get('x-request-id');
  return id && /^[\w.-]{1,100}$/.test(id) ? id : randomUUID();
}
