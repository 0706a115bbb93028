'use client';

import type { FieldError } from '@/lib/errors';

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

type Envelope<T> = { success: true; data: T; pagination?: Pagination } | { success: false; error: { code: string; message: string; details?: FieldError[] } };
// total_exact is false when total is a lower bound (ticket lists and search past their count limit).
export type Pagination = { current_page: number; per_page: number; total: number; total_pages: number; has_next: boolean; has_prev: boolean; total_exact?: boolean };

/** "10,000+" for a total that is a lower bound, else the number. */
export const totalText = (p: Pick<Pagination, 'total' | 'total_exact'>) => `${p.total.toLocaleString('en')}${p.total_exact === false ? '+' : ''}`;

/**
 * The UI's one way to the API: the same /api/v1 integrators use, authenticated by the session
 * cookie plus the client header the API requires of browser sessions (CSRF).
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<{ data: T; pagination?: Pagination }> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { 'X-Loopdesk-Client': 'web', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return { data: undefined as T };
  const envelope = (await response.json().catch(() => null)) as Envelope<T> | null;
  if (!envelope) throw new ApiError(response.status, 'NETWORK', `The server answered ${response.status} without a readable body`);
  // The session ended (signed out elsewhere, deactivated, expired): back to the sign-in page.
  if (response.status === 401) window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  if (!envelope.success) throw new ApiError(response.status, envelope.error.code, envelope.error.message, envelope.error.details);
  return { data: envelope.data, pagination: envelope.pagination };
}
