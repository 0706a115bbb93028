import { z } from 'zod';
import type { ErrorCode, FieldError } from '@/lib/errors';
import { isoTime } from '@/lib/time';

/** The reference's page-numbered list pagination. */
export const pagePagination = z.strictObject({
  current_page: z.int(),
  per_page: z.int(),
  total: z.int(),
  total_pages: z.int(),
  has_next: z.boolean(),
  has_prev: z.boolean(),
});
export type Pagination = z.infer<typeof pagePagination>;

const cursorFields = { total_exact: z.boolean(), next_cursor: z.string().nullable() };

/**
 * A list that can also be walked by cursor (tickets, search): the reference's fields plus
 * `total_exact` (false when `total` is a lower bound) and `next_cursor` (null on the last page).
 * Walking with `after`, page numbers do not apply and only the cursor fields remain.
 */
export const pageOrCursorPagination = z.union([
  pagePagination.extend(cursorFields),
  z.strictObject({ per_page: z.int(), total: z.int(), has_next: z.boolean(), ...cursorFields }),
]);
export type CursorPagination = z.infer<typeof pageOrCursorPagination>;

/** A list walked by cursor only (the audit log): no total, which would mean counting millions of rows. */
export const cursorOnlyPagination = z.strictObject({ per_page: z.int(), has_next: z.boolean(), next_cursor: z.string().nullable() });

export type { ErrorCode };

declare const replyData: unique symbol;
/**
 * A success answer that remembers the type of its `data`, so a handler answering with the wrong
 * shape fails to compile against its route's `response` schema (lib/api/route.ts).
 */
export type Reply<T> = Response & { readonly [replyData]?: T };

export function ok<T>(data: T, status = 200): Reply<T> {
  return Response.json({ success: true, data }, { status });
}

export function created<T>(data: T): Reply<T> {
  return ok(data, 201);
}

// Keyed by the Response object, so the mark cannot reach the client as a header would.
const secretBearing = new WeakSet<Response>();

/**
 * Marks an answer that carries a secret shown only this once (a plain API key, a webhook secret),
 * so that an Idempotency-Key retry is not answered from a stored copy: the database would then
 * hold the secret in clear (lib/api/idempotency.ts).
 */
export function oneTimeSecret<R extends Response>(response: R): R {
  secretBearing.add(response);
  return response;
}

export function carriesOneTimeSecret(response: Response): boolean {
  return secretBearing.has(response);
}

/**
 * A download written as it is read (an export): one chunk from `chunks` at a time, as the client
 * takes them. The first is read before answering, so a failure there still gets its error envelope.
 */
export async function streamed(chunks: AsyncGenerator<string>, contentType: string, filename: string): Promise<Response> {
  const encoder = new TextEncoder();
  let next = await chunks.next();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value));
      next = await chunks.next();
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, { headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${filename}"` } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

type ListPage = { total: number; totalExact: boolean; hasNext: boolean; nextCursor: string | null };

export function cursorPagination(q: { page: number; per_page: number; after?: string }, list: ListPage): CursorPagination {
  const cursor = { total_exact: list.totalExact, next_cursor: list.nextCursor };
  if (q.after) return { per_page: q.per_page, total: list.total, has_next: list.hasNext, ...cursor };
  return { ...pagination(q.page, q.per_page, list.total), has_next: list.hasNext, ...cursor };
}

/** A list walked by cursor only (the audit log): no total, which would mean counting millions of rows. */
export type CursorOnly = z.infer<typeof cursorOnlyPagination>;

export function paginated<T>(data: T[], pagination: Pagination | CursorPagination | CursorOnly): Reply<T[]> {
  return Response.json({ success: true, data, pagination });
}

export function cursorPaginated<T>(data: T[], perPage: number, nextCursor: string | null): Reply<T[]> {
  return paginated(data, { per_page: perPage, has_next: nextCursor !== null, next_cursor: nextCursor });
}

export function pagination(page: number, perPage: number, total: number): Pagination {
  const totalPages = Math.ceil(total / perPage);
  return {
    current_page: page,
    per_page: perPage,
    total,
    total_pages: totalPages,
    has_next: page < totalPages,
    has_prev: page > 1,
  };
}

/** The reference's error envelope: `{success:false, error:{code, message, details?}, timestamp}`. */
export function errorResponse(status: number, code: ErrorCode, message: string, details?: FieldError[], headers?: HeadersInit): Response {
  const error = details ? { code, message, details } : { code, message };
  return Response.json({ success: false, error, timestamp: isoTime(new Date()) }, { status, headers });
}
