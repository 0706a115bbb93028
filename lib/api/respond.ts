import { isoTime } from '@/lib/time';
import type { FieldError } from '@/lib/errors';

export type Pagination = {
  current_page: number;
  per_page: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
};

export type ErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'VALIDATION_ERROR'
  | 'INVALID_JSON'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMIT_EXCEEDED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export function ok(data: unknown, status = 200): Response {
  return Response.json({ success: true, data }, { status });
}

export function created(data: unknown): Response {
  return ok(data, 201);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function paginated(data: unknown[], pagination: Pagination): Response {
  return Response.json({ success: true, data, pagination });
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
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  details?: FieldError[],
  headers?: HeadersInit,
): Response {
  const error = details ? { code, message, details } : { code, message };
  return Response.json({ success: false, error, timestamp: isoTime(new Date()) }, { status, headers });
}
