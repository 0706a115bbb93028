import { z } from 'zod';
import type { Permission } from '@/lib/context';
import type { Scope } from '@/lib/oauth/scopes';
import { cursorOnlyPagination, pageOrCursorPagination, pagePagination } from './respond';

/** Every dynamic segment of the API is an integer id: 1 to PostgreSQL's largest integer, without leading zeros. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.int().min(1).max(2_147_483_647));

/** `{ success: true, data, pagination }`: a page of `item`s. */
export type ListResponse<I extends z.ZodType = z.ZodType> = { kind: 'list'; item: I; pagination: z.ZodType };
/** Bytes that are not JSON (an attachment, a CSV export). */
export type FileResponse = { kind: 'file'; contentType: string; description?: string };
/** What a route answers on success: the schema of `data`, a list, a file, or `null` for no body (204). */
export type ResponseContract = z.ZodType | ListResponse | FileResponse | null;

export const listOf = <I extends z.ZodType>(item: I): ListResponse<I> => ({ kind: 'list', item, pagination: pagePagination });
/** The ticket lists: page numbers, or a cursor with `after`. */
export const ticketListOf = <I extends z.ZodType>(item: I): ListResponse<I> => ({ kind: 'list', item, pagination: pageOrCursorPagination });
export const cursorListOf = <I extends z.ZodType>(item: I): ListResponse<I> => ({ kind: 'list', item, pagination: cursorOnlyPagination });
export const file = (contentType: string, description?: string): FileResponse => ({ kind: 'file', contentType, ...(description ? { description } : {}) });

export const isList = (r: ResponseContract): r is ListResponse => r !== null && 'kind' in r && r.kind === 'list';
export const isFile = (r: ResponseContract): r is FileResponse => r !== null && 'kind' in r && r.kind === 'file';

/** The `data` a handler must answer with: the input of the response schema (what the serializer builds). */
export type ResponseData<R extends ResponseContract> = R extends z.ZodType ? z.input<R> : R extends ListResponse<infer I> ? z.input<I>[] : unknown;

export type SuccessStatus = 200 | 201 | 202 | 204;
export type ParamsSchema = z.ZodType<Record<string, number>>;

/** A route's path params, named as its folders name them: `ids('id', 'delivery_id')` for `[id]/deliveries/[delivery_id]`. */
export const ids = <N extends string>(...names: N[]) => z.object(Object.fromEntries(names.map((name) => [name, idParam])) as { [K in N]: typeof idParam });

/** The params of a route under one `[id]` folder. */
export const idParams = ids('id');

/** A route's whole contract: what the handler, the OpenAPI document and the SDKs read. */
export type RouteContract = {
  /** One line naming what the operation does, as the document's `summary`. */
  summary: string;
  /** The operation's stable name in the document and the SDKs: `listTickets`, `createTicketReply`. */
  operationId: string;
  /** Who may call: `public` needs no credentials; otherwise the least permission a key must hold. */
  permission: Permission | 'public';
  /** The OAuth scope a token needs besides its agent's permission; a route without one is closed to OAuth apps. */
  scope?: Scope;
  /** The path's ids, named as the route's folders name them (`[id]` → `id`). */
  params?: ParamsSchema;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success status; a second one when the same call can also answer otherwise (a replaced rating: 200). */
  status: SuccessStatus | readonly [SuccessStatus, SuccessStatus];
  response: ResponseContract;
  /** The most a request body may hold (2 MB unless given); an Idempotency-Key's hash reads it within this too. */
  maxBodyBytes?: number;
  /** A multipart upload the handler reads itself, with its file parts' name. */
  upload?: { field: string };
  /** A body of another media type (a raw email) that the handler reads itself with readRawBody. */
  rawBody?: { contentType: string };
  /** A public route that checks a token of its own in this header (a mailbox's relay token), not an API key. */
  tokenHeader?: string;
  /** A request body to show in the document: the reference's own, where it gives one (lib/api/reference-examples.ts). */
  requestExample?: unknown;
  /** The success answer to show, as far as the reference shows it (`{ data, pagination? }`): the schema fills in the rest. */
  responseExample?: { data: unknown; pagination?: unknown };
  /** Error statuses beyond those the rest of the declaration implies (a read that finds a secret it cannot decrypt: 409). */
  errors?: readonly number[];
};

export const successStatuses = (status: RouteContract['status']): readonly SuccessStatus[] => (typeof status === 'number' ? [status] : status);
