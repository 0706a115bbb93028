'use client';

import { CLIENT_HEADER, WEB_CLIENT } from '@/lib/api/client-header';
import type { cursorOnlyPagination, CursorPagination, Pagination } from '@/lib/api/respond';
import type { ErrorCode, FieldError } from '@/lib/errors';
import type { z } from 'zod';

export type { CursorPagination, Pagination };
export type CursorOnly = z.infer<typeof cursorOnlyPagination>;

/** The reference's envelopes as the UI reads them, around the server's own pagination types. */
type Envelope<T, P> = { success: true; data: T; pagination?: P } | { success: false; error: { code: ErrorCode; message: string; details?: FieldError[] } };

/** A list answered by page number: the reference's fields, and for tickets `total_exact` (false when `total` is a lower bound). */
export type PageOfList = Pagination & Partial<Pick<Extract<CursorPagination, { current_page: number }>, 'total_exact'>>;

/** What a successful answer holds, as the UI reads it: the data and, for a list, its pagination. */
export type Answer<T, P = PageOfList> = { data: T; pagination?: P };

/** An error envelope from /api/v1, as the UI shows it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

/** "10,000+" for a total that is a lower bound, else the number. */
export const totalText = (p: Pick<PageOfList, 'total' | 'total_exact'>) => `${p.total.toLocaleString('en')}${p.total_exact === false ? '+' : ''}`;

/**
 * A request to /api/v1 with the session cookie and the client header the API requires of browser
 * sessions (CSRF), answered as it comes: for downloads and for the farewell sent while a page closes.
 */
export function apiRequest(path: string, init: { method?: string; keepalive?: boolean } = {}): Promise<Response> {
  return fetch(`/api/v1${path}`, { ...init, credentials: 'same-origin', headers: { [CLIENT_HEADER]: WEB_CLIENT } });
}

/**
 * The UI's one way to the API: the same /api/v1 integrators use, authenticated by the session
 * cookie plus the client header. `P` is the pagination the endpoint answers a list with.
 */
export async function api<T, P = PageOfList>(method: string, path: string, body?: unknown): Promise<Answer<T, P>> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { [CLIENT_HEADER]: WEB_CLIENT, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return { data: undefined as T };
  const envelope = (await response.json().catch(() => null)) as Envelope<T, P> | null;
  if (!envelope) throw new ApiError(response.status, 'NETWORK', `The server answered ${response.status} without a readable body`);
  // The session ended (signed out elsewhere, deactivated, expired): back to the sign-in page.
  if (response.status === 401) window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  if (!envelope.success) throw new ApiError(response.status, envelope.error.code, envelope.error.message, envelope.error.details);
  return { data: envelope.data, pagination: envelope.pagination };
}

/** Hands a downloaded answer to the browser as a file named `filename`. */
export async function saveDownload(response: Response, filename: string): Promise<void> {
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}
