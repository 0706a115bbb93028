import { z } from 'zod';
import { customFieldRecord, customFieldValuesJson } from '@/lib/custom-fields/schema';
import { replyEmailJson } from '@/lib/email/schema';
import { MAX_FILES_PER_REQUEST } from '@/lib/files/limits';
import { commaList, isoDateTime, namedRef, plainText, queryInt, rowId, timestamp, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';

export const ticketStatuses = ['open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const channels = ['web', 'api', 'email'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
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
  // `custom_fields[browser]=Chrome 119`: several keys must all match.
  custom_fields: customFieldRecord(plainText(0, 10_000), 'Filter custom fields as custom_fields[key]=value').optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
  // The next page after a `next_cursor` (an extension of the reference for walking every ticket).
  after: z.string().min(1).max(500).optional(),
  sort: z.enum(['created_at', 'updated_at', 'priority']).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const searchTicketsQuery = listTicketsQuery.extend({
  q: plainText(0, 500).refine((s) => s.trim().length > 0, { message: 'Search query must not be blank' }),
  sort: z.enum(['relevance', 'created_at', 'updated_at', 'priority']).default('relevance'),
});

export type CreateTicketInput = z.infer<typeof createTicketSchema>;
export type UpdateTicketInput = z.infer<typeof updateTicketSchema>;
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
});

/** The reference's list item, plus what an inbox row needs (assignee, department, due date, tags). */
export const ticketSummaryJson = z.strictObject({
  ...ticketFieldsJson,
  customer: namedRef.nullable(),
  assigned_agent: namedRef.nullable(),
});

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
export type PresenceJson = z.infer<typeof presenceJson>;
export type SatisfactionJson = z.infer<typeof satisfactionJson>;
