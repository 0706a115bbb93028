import { z } from 'zod';
import { eventTypes, resourceTypes } from '@/lib/events/catalogue';
import { commaList, isoDateTime, isoPeriodEnd, queryInt, timestamp } from '@/lib/schema-helpers';

export const actorTypes = ['agent', 'api_key', 'system'] as const;

const filters = z.object({
  actor_type: z.enum(actorTypes).optional(),
  actor_id: queryInt(1, 2_147_483_647).optional(),
  action: commaList(z.enum(eventTypes), eventTypes.length).optional(),
  resource_type: z.enum(resourceTypes).optional(),
  resource_id: queryInt(1, 2_147_483_647).optional(),
  from: isoDateTime.optional(),
  to: isoPeriodEnd.optional(),
});

type Filters = z.infer<typeof filters>;

/** An id needs its kind, and a period must not end before it starts. */
const consistent = <S extends z.ZodType<Filters>>(schema: S) =>
  schema
    .refine((q) => q.actor_id === undefined || (q.actor_type !== undefined && q.actor_type !== 'system'), {
      path: ['actor_id'],
      message: 'Give actor_type (agent or api_key) with actor_id',
    })
    .refine((q) => q.resource_id === undefined || q.resource_type !== undefined, {
      path: ['resource_id'],
      message: 'Give resource_type with resource_id',
    })
    .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'Must not be before from' });

/** GET /audit-log: newest first, filtered, walked by cursor (`after` = the last page's `next_cursor`). */
export const auditLogQuery = consistent(
  filters.extend({
    per_page: queryInt(1, 100).default(50),
    after: z
      .string()
      .regex(/^[1-9]\d{0,17}$/, { message: 'Must be a next_cursor from an earlier page of this list' })
      .optional(),
  }),
);

/** GET /audit-log/export: every entry the filters select, as CSV. */
export const auditExportQuery = consistent(filters);

export type AuditLogFilters = z.infer<typeof auditExportQuery>;
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

const snapshot = z.record(z.string(), z.unknown()).nullable();

/** The OAuth app an agent acted through, or null. */
export const actingApp = z.strictObject({ id: z.int(), name: z.string().nullable() }).nullable();

/** One entry of the audit log: what happened to which resource, who did it, from where, and what changed. */
export const auditEntryJson = z.strictObject({
  id: z.int(),
  action: z.string(),
  resource_type: z.string(),
  resource_id: z.int().nullable(),
  // `app`: the OAuth app an agent acted through (its name null once the app is deleted).
  actor: z.strictObject({ type: z.enum(actorTypes), id: z.int().nullable(), name: z.string().nullable(), app: actingApp }),
  request_id: z.string().nullable(),
  ip_address: z.string().nullable(),
  created_at: timestamp,
  changes: z.array(z.string()),
  before: snapshot,
  after: snapshot,
  details: z.record(z.string(), z.unknown()),
});

export type AuditEntryJson = z.infer<typeof auditEntryJson>;
