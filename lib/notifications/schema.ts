import { z } from 'zod';
import { queryInt, rowId, timestamp } from '@/lib/schema-helpers';

export const notificationKinds = ['mention', 'assigned', 'customer_replied', 'sla_warning', 'sla_breached'] as const;

/** One entry of an agent's notification center. */
export const notificationJson = z.strictObject({
  id: z.int(),
  // mention: named in an internal note; assigned: given a ticket; customer_replied: the customer answered on the agent's ticket;
  // sla_warning: an SLA deadline of the agent's ticket is under 30 minutes away; sla_breached: it passed.
  kind: z.enum(notificationKinds),
  ticket: z.strictObject({ id: z.int(), number: z.string(), subject: z.string() }),
  // The note that mentions the agent, or the customer's reply; null for an assignment.
  reply_id: z.int().nullable(),
  // Who did it, named as they were then; name is null for an API key or Loopdesk itself.
  actor: z.strictObject({ type: z.enum(['agent', 'customer', 'api_key', 'system']), id: z.int().nullable(), name: z.string().nullable() }),
  created_at: timestamp,
  read_at: timestamp.nullable(),
});

export const listNotificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

export const unreadCountJson = z.strictObject({ unread: z.int() });

/** Which notifications to mark read: some by id, or every one of the caller's. */
export const markNotificationsReadSchema = z
  .strictObject({ ids: z.array(rowId).min(1).max(100).optional(), all: z.literal(true).optional() })
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), { message: 'Give either ids or all: true' });

export const markedReadJson = z.strictObject({ marked: z.int(), unread: z.int() });

export type NotificationJson = z.infer<typeof notificationJson>;
export type NotificationKind = (typeof notificationKinds)[number];
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadSchema>;
