import { z } from 'zod';
import { customFieldRecord, customFieldValuesJson } from '@/lib/custom-fields/schema';
import { replyEmailJson } from '@/lib/email/schema';
import { MAX_FILES_PER_REQUEST } from '@/lib/files/limits';
import { commaList, isoDateTime, namedRef, plainText, queryInt, rowId, timestamp, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';

export const ticketStatuses = ['open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const channels = ['web', 'api', 'email'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export type TicketSlaJson = z.infer<typeof ticketSlaJson>;
export type TicketPriority = (typeof ticketPriorities)[number];

// The reference's Quick Start sends `priority: 'medium'`; it means `normal`.
export const priority = z.preprocess((v) => (v === 'medium' ? 'normal' : v), z.enum(ticketPriorities));
export const status = z.enum(ticketStatuses);

const tags = z
  .array(plainText(1, 50))
  .max(50)
  .transform((list) => [...new Set(list.map((t) => t.trim().toLowerCase()).filter(Boolean))]);

const tagFilter = commaList(
  plainText(1, 50).transform((t) => t.toLowerCase()),
  50,
);

const customFieldValue = z.union([plainText(0, 10_000), z.number(), z.boolean(), z.null()], {
  error: 'Custom field values must be text, numbers, booleans or null',
});
export const customFieldsInput = customFieldRecord(customFieldValue, 'Custom fields must be an object of key: value pairs');

const ticketFields = {
  // The blank check also covers '' (a minimum length would report it a second time).
  subject: plainText(0, 255).refine((s) => s.trim().length > 0, { message: 'Subject must not be blank' }),
  description: plainText(0, 100_000).nullish(),
  customer_id: rowId.nullish(),
  department_id: rowId.nullish(),
  category_id: rowId.nullish(),
  assigned_agent_id: rowId.nullish(),
  due_date: isoDateTime.nullish(),
  tags: tags.optional(),
  custom_fields: customFieldsInput.optional(),
};

export const createTicketSchema = z.object({
  ...ticketFields,
  priority: priority.default('normal'),
  status: status.default('open'),
});

const updateFields = z.object({
  ...ticketFields,
  subject: ticketFields.subject.optional(),
  priority: priority.optional(),
  status: status.optional(),
  internal_note: plainText(1, 100_000).optional(),
});

export const updateTicketSchema = updateFields.refine(atLeastOneField, nothingToUpdate);

export const bulkCreateSchema = z.object({ tickets: z.array(createTicketSchema).min(1).max(100) });
export const bulkUpdateSchema = z.object({
  tickets: z
    .array(updateFields.extend({ id: rowId }).refine(({ id: _id, ...rest }) => atLeastOneField(rest), nothingToUpdate))
    .min(1)
    .max(100),
});

export const assignSchema = z.object({ agent_id: rowId.nullable() });

const attachmentUpload = z.object({
  filename: plainText(1, 255),
  content: z.string().regex(/^[A-Za-z0-9+/=_\s-]*$/, { message: 'Content must be base64-encoded' }),
});

export const replySchema = z.object({
  content: plainText(1, 100_000),
  type: z.enum(['public', 'internal']).default('public'),
  author_type: z.enum(['agent', 'customer', 'system']).default('agent'),
  author_id: rowId.optional(),
  attachments: z.array(attachmentUpload).max(MAX_FILES_PER_REQUEST).optional(),
});

/** How long after a merge it can be undone: long enough to notice the wrong ticket, short enough that the target's thread has not moved on. */
export const MERGE_UNDO_MINUTES = 10;

// `into`: the ticket that stays; the route's ticket (or each of `tickets`) is the duplicate merged into it.
export const mergeSchema = z.object({ into: rowId });
export const bulkMergeSchema = z.object({ into: rowId, tickets: z.array(rowId).min(1).max(100) });

export const commentSchema = z.object({ content: plainText(1, 100_000) });

export const presenceSchema = z.object({ typing: z.boolean().default(false) });

export const listTicketsQuery = z.object({
  status: commaList(status).optional(),
  priority: commaList(priority).optional(),
  department_id: commaList(queryInt(1, 2_147_483_647)).optional(),
  assigned_agent_id: commaList(queryInt(1, 2_147_483_647)).optional(),
  customer_id: commaList(queryInt(1, 2_147_483_647)).optional(),
  // `unassigned=true`: no assignee; `false`: any assignee.
  unassigned: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  created_after: isoDateTime.optional(),
  updated_after: isoDateTime.optional(),
  // Due before this time (tickets without a due date never match): the inbox's Overdue view.
  due_before: isoDateTime.optional(),
  // `tags=refund,vip`: tickets with any of them; `tags_all=refund,vip`: with every one. Tags are stored lowercase.
  tags: tagFilter.optional(),
  tags_all: tagFilter.optional(),
  // SLA: `sla_breached=true`, tickets with a recorded breach of either measure (`false`: none);
  // `sla_due_before`, tickets whose next SLA deadline (`sla.due_at`) comes before this time.
  sla_breached: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sla_due_before: isoDateTime.optional(),
  // `custom_fields[browser]=Chrome 119`: several keys must all match.
  custom_fields: customFieldRecord(plainText(0, 10_000), 'Filter custom fields as custom_fields[key]=value').optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
  // The next page after a `next_cursor` (an extension of the reference for walking every ticket).
  after: z.string().min(1).max(500).optional(),
  // `sla_due_at`: by the next SLA deadline (tickets with none last); not the reference's.
  sort: z.enum(['created_at', 'updated_at', 'priority', 'sla_due_at']).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const searchTicketsQuery = listTicketsQuery.extend({
  q: plainText(0, 500).refine((s) => s.trim().length > 0, { message: 'Search query must not be blank' }),
  sort: z.enum(['relevance', 'created_at', 'updated_at', 'priority', 'sla_due_at']).default('relevance'),
  // `highlight=true`: each result carries a `snippet` of where the words matched (else it is null).
  highlight: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
});

export type CreateTicketInput = z.infer<typeof createTicketSchema>;
export type UpdateTicketInput = z.infer<typeof updateTicketSchema>;
export type BulkMergeInput = z.infer<typeof bulkMergeSchema>;
export type ReplyInput = z.infer<typeof replySchema>;
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;
export type SearchTicketsQuery = z.infer<typeof searchTicketsQuery>;

export const attachmentJson = z.strictObject({ id: z.int(), filename: z.string(), size: z.int(), url: z.string() });

export const replyJson = z.strictObject({
  id: z.int(),
  content: z.string(),
  // An emailed reply's sanitized HTML, for display (null for everything else); `content` is its text.
  html: z.string().nullable(),
  type: z.enum(['public', 'internal']),
  channel: z.enum(channels),
  author: z.strictObject({ type: z.enum(['agent', 'customer', 'system']), id: z.int().nullable(), name: z.string().nullable() }),
  created_at: timestamp,
  attachments: z.array(attachmentJson),
  // The reply's email to the customer; null when none was sent (a note, a customer's own reply, no SMTP, opted out).
  email: replyEmailJson.nullable(),
});

export const slaMeasureStatuses = ['running', 'paused', 'met', 'breached', 'stopped'] as const;

/**
 * One SLA measure of a ticket. running: its clock runs until `due_at`; paused: the ticket is
 * pending or on hold; met: its goal came within the target; breached: the target passed first
 * (`breached_at` once the breach is recorded); stopped: the ticket was resolved without it.
 */
const slaMeasureJson = z.strictObject({
  target_minutes: z.int(),
  status: z.enum(slaMeasureStatuses),
  due_at: timestamp.nullable(),
  breached_at: timestamp.nullable(),
});

/** The ticket's service levels under its SLA policy (lib/sla), or null when no policy covers it. */
export const ticketSlaJson = z
  .strictObject({
    policy_id: z.int(),
    first_response: slaMeasureJson.nullable(),
    resolution: slaMeasureJson.nullable(),
    // The earlier deadline of the two (past when breached), or null when no clock runs.
    due_at: timestamp.nullable(),
  })
  .nullable();

const ticketFieldsJson = {
  id: z.int(),
  number: z.string(),
  subject: z.string(),
  status,
  priority: z.enum(ticketPriorities),
  created_at: timestamp,
  updated_at: timestamp,
  due_date: timestamp.nullable(),
  department: namedRef.nullable(),
  tags: z.array(z.string()),
  // Not the reference's: service levels under the ticket's SLA policy.
  sla: ticketSlaJson,
};

/** The reference's full ticket shape (GET /tickets/{id}); also the `data.ticket` of ticket events, without `replies`. */
export const ticketJson = z.strictObject({
  ...ticketFieldsJson,
  description: z.string().nullable(),
  // An emailed ticket's first message as sanitized HTML, for display; `description` is its text.
  description_html: z.string().nullable(),
  resolved_at: timestamp.nullable(),
  closed_at: timestamp.nullable(),
  reopen_count: z.int(),
  channel: z.enum(channels),
  // Addresses copied on the customer's email; each emailed reply copies them again.
  cc: z.array(z.string()),
  customer: z.strictObject({ id: z.int(), name: z.string(), email: z.string(), organization: z.string().nullable() }).nullable(),
  assigned_agent: z.strictObject({ id: z.int(), name: z.string(), email: z.string() }).nullable(),
  category: namedRef.nullable(),
  custom_fields: customFieldValuesJson,
  attachments: z.array(attachmentJson),
  replies: z.array(replyJson),
  // The ticket this one was merged into as a duplicate (POST /tickets/{id}/merge), else null.
  merged_into: z.strictObject({ id: z.int(), number: z.string() }).nullable(),
});

/** The reference's list item, plus what an inbox row needs (assignee, department, due date, tags). */
export const ticketSummaryJson = z.strictObject({
  ...ticketFieldsJson,
  customer: namedRef.nullable(),
  assigned_agent: namedRef.nullable(),
});

/**
 * Where a search's words matched, as plain text and ranges over it (`start` and `length` in UTF-16
 * code units, as JavaScript strings count them): never HTML, so any client can show it safely.
 */
export const snippetJson = z.strictObject({
  text: z.string(),
  highlights: z.array(z.strictObject({ start: z.int().nonnegative(), length: z.int().positive() })),
});

/** A search result: the list item, and with `highlight=true` a snippet (null otherwise, or when no text shows the words). */
export const ticketSearchResultJson = ticketSummaryJson.extend({ snippet: snippetJson.nullable() });

// A ticket's agent, department, category or customer as the history names it: null when since deleted.
const historyRef = z.strictObject({ id: z.int(), name: z.string().nullable() });

/**
 * One change an event made, ready to show: names rather than ids, values before (`from`) and after
 * (`to`). `from` is null where nothing was set, or where the history does not say (the first event).
 */
export const activityDetailJson = z.union([
  z.strictObject({ field: z.literal('status'), from: status.nullable(), to: status }),
  z.strictObject({ field: z.literal('priority'), from: z.enum(ticketPriorities).nullable(), to: z.enum(ticketPriorities) }),
  z.strictObject({ field: z.enum(['assignee', 'department', 'category', 'customer']), from: historyRef.nullable(), to: historyRef.nullable() }),
  z.strictObject({ field: z.literal('due_date'), from: timestamp.nullable(), to: timestamp.nullable() }),
  z.strictObject({ field: z.literal('subject'), from: z.string().nullable(), to: z.string() }),
  // The text itself is in the ticket; the history only says that it changed.
  z.strictObject({ field: z.literal('description') }),
  z.strictObject({ field: z.literal('tags'), from: z.array(z.string()), to: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()) }),
  // `label` is the field's label now, or its key when it has no definition.
  z.strictObject({
    field: z.literal('custom_field'),
    key: z.string(),
    label: z.string(),
    from: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    to: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  }),
  // A reply or internal note (also one added with PUT /tickets/{id} `internal_note`).
  z.strictObject({
    field: z.literal('reply'),
    type: z.enum(['public', 'internal']),
    reply_id: z.int(),
    author: z.strictObject({ type: z.enum(['agent', 'customer', 'system']), id: z.int().nullable(), name: z.string().nullable() }),
  }),
  z.strictObject({ field: z.literal('attachments'), files: z.array(z.string()) }),
  z.strictObject({ field: z.literal('rating'), to: z.int() }),
  // A merge, or its undo: `merged_into` on the duplicate, `merged_from` on the ticket it went into.
  z.strictObject({
    field: z.enum(['merged_into', 'merged_from', 'unmerged_into', 'unmerged_from']),
    ticket: z.strictObject({ id: z.int(), number: z.string() }),
  }),
]);

/** One change in a ticket's history: who changed what, when. */
export const activityJson = z.strictObject({
  id: z.int(),
  event: z.string(),
  // `app`: the OAuth app an agent acted through, or null.
  actor: z.strictObject({
    type: z.enum(['agent', 'api_key', 'system']),
    id: z.int().nullable(),
    name: z.string().nullable(),
    app: z.strictObject({ id: z.int(), name: z.string().nullable() }).nullable(),
  }),
  changes: z.array(z.string()),
  // What `changes` names, with the values before and after.
  details: z.array(activityDetailJson),
  created_at: timestamp,
});

/** Another agent who has the ticket open. */
export const presenceJson = z.strictObject({ agent: namedRef, typing: z.boolean(), seen_at: timestamp });

export const satisfactionJson = z.strictObject({
  ticket_id: z.int(),
  rating: z.int(),
  comment: z.string().nullable(),
  agent_id: z.int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type AttachmentJson = z.infer<typeof attachmentJson>;
export type ReplyJson = z.infer<typeof replyJson>;
export type TicketJson = z.infer<typeof ticketJson>;
export type TicketSummaryJson = z.infer<typeof ticketSummaryJson>;
export type ActivityJson = z.infer<typeof activityJson>;
export type ActivityDetailJson = z.infer<typeof activityDetailJson>;
export type SnippetJson = z.infer<typeof snippetJson>;
export type TicketSearchResultJson = z.infer<typeof ticketSearchResultJson>;
export type PresenceJson = z.infer<typeof presenceJson>;
export type SatisfactionJson = z.infer<typeof satisfactionJson>;
