import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgEnum, pgSequence, pgTable, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { id, timestamps } from './columns';
import { customers, type CustomFieldValues } from './customers';
import { categories, departments } from './departments';
import { mailboxes } from './mailboxes';
import { slaPolicies } from './sla';

export const ticketStatus = pgEnum('ticket_status', ['open', 'pending', 'on_hold', 'resolved', 'closed']);
// Declared in order of severity, so ORDER BY priority sorts low → urgent.
export const ticketPriority = pgEnum('ticket_priority', ['low', 'normal', 'high', 'urgent']);
/** Where a ticket or reply came from: the desk in a browser, the API (a key or an app), or an email. */
export const channel = pgEnum('channel', ['web', 'api', 'email']);

/** Feeds ticket numbers (TKT-<year>-<6 digits>); a sequence never hands out a number twice. */
export const ticketNumberSeq = pgSequence('ticket_number_seq', { startWith: 1 });

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    // next_ticket_number() is defined in the first migration around ticket_number_seq.
    number: text().notNull().unique().default(sql`next_ticket_number()`),
    subject: text().notNull(),
    description: text(),
    // The sanitized HTML of an emailed ticket's first message, for display beside its text.
    descriptionHtml: text(),
    status: ticketStatus().notNull().default('open'),
    priority: ticketPriority().notNull().default('normal'),
    customerId: integer().references(() => customers.id),
    departmentId: integer().references(() => departments.id),
    categoryId: integer().references(() => categories.id),
    assignedAgentId: integer().references(() => agents.id, { onDelete: 'set null' }),
    dueDate: timestamp({ withTimezone: true }),
    customFields: jsonb().$type<CustomFieldValues>().notNull().default({}),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    reopenCount: integer().notNull().default(0),
    channel: channel().notNull().default('api'),
    // Addresses copied on the customer's email, copied again on each emailed reply.
    cc: text().array().notNull().default(sql`'{}'::text[]`),
    // The mailbox an emailed ticket came in through: its address sends the replies.
    mailboxId: integer().references(() => mailboxes.id, { onDelete: 'set null' }),
    // A duplicate merged into another ticket keeps this link to it (lib/tickets/merge.ts).
    mergedIntoId: integer().references((): AnyPgColumn => tickets.id, { onDelete: 'set null' }),
    // Service levels (lib/sla): written by the tickets_sla_before trigger (migration 0030) from the
    // ticket's policy, its status history and its first public agent reply, never by the app; the
    // breach sweep sets the *_breached_at times as it records each breach's event.
    slaPolicyId: integer().references(() => slaPolicies.id, { onDelete: 'set null' }),
    // Business minutes allowed when the clock started, from the policy's target for the priority.
    slaFirstResponseTarget: integer(),
    // When the clock runs out: while it runs, or once it has run out unanswered; null while paused or met.
    slaFirstResponseDueAt: timestamp({ withTimezone: true }),
    firstRespondedAt: timestamp({ withTimezone: true }),
    slaFirstResponseMet: boolean(),
    slaFirstResponseBreachedAt: timestamp({ withTimezone: true }),
    slaResolutionTarget: integer(),
    slaResolutionDueAt: timestamp({ withTimezone: true }),
    slaResolutionMet: boolean(),
    slaResolutionBreachedAt: timestamp({ withTimezone: true }),
    // The earlier of the two deadlines: the inbox sorts and filters on it.
    slaDueAt: timestamp({ withTimezone: true }),
    // The deadline the assignee was last warned of (lib/sla/sweep.ts), so each is warned of once.
    slaWarnedDueAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    // Each filter's index ends in the default sort (created_at, id), so a page's ids come from an
    // index walk, and with the sort key and id in the index a deep page skips rows index-only.
    index().on(t.status, t.createdAt, t.id),
    index().on(t.priority, t.createdAt, t.id),
    index().on(t.departmentId, t.createdAt, t.id),
    index().on(t.categoryId),
    index().on(t.assignedAgentId, t.createdAt, t.id),
    index().on(t.customerId, t.createdAt, t.id),
    index().on(t.createdAt, t.id),
    index().on(t.updatedAt, t.id),
    index().on(t.dueDate),
    index('tickets_tags_idx').using('gin', t.tags),
    // Only emailed tickets have a mailbox: deleting one finds its tickets without a scan.
    index('tickets_mailbox_idx').on(t.mailboxId).where(sql`${t.mailboxId} is not null`),
    // Few tickets are merged: deleting a target finds its merged duplicates without a scan.
    index('tickets_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    // `sort=sla_due_at`: no deadline sorts last, and the key stays a plain value for cursors.
    index('tickets_sla_due_idx').on(sql`coalesce(${t.slaDueAt}, 'infinity'::timestamptz)`, t.id),
    // The same within a status (the inbox's "SLA due" sort of the open tickets): without it the walk
    // above read every ticket of other statuses on the way (6.3 ms, 737 buffers at a million).
    index('tickets_status_sla_due_idx').on(t.status, sql`coalesce(${t.slaDueAt}, 'infinity'::timestamptz)`, t.id),
    // The breach sweep reads the deadlines not yet recorded as breached, and the warnings those
    // not yet warned of: each a few tickets, whatever the size of the desk.
    index('tickets_sla_first_response_due_idx')
      .on(t.slaFirstResponseDueAt)
      .where(sql`${t.slaFirstResponseDueAt} is not null and ${t.slaFirstResponseBreachedAt} is null`),
    index('tickets_sla_resolution_due_idx').on(t.slaResolutionDueAt).where(sql`${t.slaResolutionDueAt} is not null and ${t.slaResolutionBreachedAt} is null`),
    index('tickets_sla_warn_idx')
      .on(t.slaDueAt)
      .where(sql`${t.slaDueAt} is not null and ${t.assignedAgentId} is not null and ${t.slaWarnedDueAt} is distinct from ${t.slaDueAt}`),
    // `sla_breached=true`, newest first.
    index('tickets_sla_breached_idx').on(t.createdAt, t.id).where(sql`${t.slaFirstResponseBreachedAt} is not null or ${t.slaResolutionBreachedAt} is not null`),
    // The reports' attainment: the tickets with a met or missed target, by when the goal came.
    index('tickets_sla_first_response_idx').on(t.firstRespondedAt, t.slaFirstResponseMet).where(sql`${t.slaFirstResponseMet} is not null`),
    index('tickets_sla_resolution_idx').on(t.resolvedAt, t.slaResolutionMet).where(sql`${t.slaResolutionMet} is not null`),
    index('tickets_sla_late_idx')
      .on(t.id)
      .where(
        sql`(${t.slaFirstResponseMet} = false and ${t.slaFirstResponseBreachedAt} is null) or (${t.slaResolutionMet} = false and ${t.slaResolutionBreachedAt} is null)`,
      ),
    // `?custom_fields[key]=value` filters are containment (@>) tests.
    index('tickets_custom_fields_idx').using('gin', sql`${t.customFields} jsonb_path_ops`),
  ],
);

/**
 * Each ticket's full-text search vector: subject (weight A), description (B) and its replies' text
 * (C). It lives beside the ticket rather than in it, so that scans of tickets (filters, bounded
 * counts) read rows a third the size. Triggers keep it in the same transaction as every write
 * (migration 0017_ticket_search): a new ticket adds its row, a changed subject or description
 * rebuilds it, a reply appends its text. Bulk loaders that write these rows themselves set
 * `loopdesk.bulk_load` to `on` for their transaction.
 */
export const ticketSearch = pgTable(
  'ticket_search',
  {
    ticketId: integer()
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    searchVector: tsvector().notNull(),
  },
  (t) => [index('ticket_search_idx').using('gin', t.searchVector)],
);

export const replyType = pgEnum('reply_type', ['public', 'internal']);
export const authorType = pgEnum('author_type', ['agent', 'customer', 'system']);

export const replies = pgTable(
  'replies',
  {
    id: id(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    content: text().notNull(),
    // The sanitized HTML of an emailed reply, for display; `content` is its text, as written.
    html: text(),
    type: replyType().notNull().default('public'),
    authorType: authorType().notNull(),
    agentId: integer().references(() => agents.id, { onDelete: 'set null' }),
    customerId: integer().references(() => customers.id, { onDelete: 'set null' }),
    channel: channel().notNull().default('api'),
    ...timestamps(),
  },
  (t) => [index().on(t.ticketId, t.createdAt), index().on(t.agentId)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    replyId: integer().references(() => replies.id, { onDelete: 'cascade' }),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    storageKey: text().notNull(),
    ...timestamps(),
  },
  (t) => [index().on(t.ticketId), index().on(t.replyId)],
);

export const satisfactionRatings = pgTable(
  'satisfaction_ratings',
  {
    id: id(),
    ticketId: integer()
      .notNull()
      .unique()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    rating: integer().notNull(),
    comment: text(),
    // The assignee when the rating was given: satisfaction is credited to whoever handled the ticket.
    agentId: integer().references(() => agents.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [index().on(t.createdAt), index().on(t.agentId, t.updatedAt)],
);

/**
 * One merge of a duplicate (source) into another ticket (target): exactly what moved and what the
 * source was before, so that an undo within the window moves back those rows and no others.
 */
export const ticketMerges = pgTable(
  'ticket_merges',
  {
    id: id(),
    sourceId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    targetId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    // The agent who merged, when an agent did (the merge's event names any caller).
    agentId: integer().references(() => agents.id, { onDelete: 'set null' }),
    replyIds: integer().array().notNull(),
    attachmentIds: integer().array().notNull(),
    // The two notes the merge wrote: on the target (the source's description), on the source (the link).
    targetNoteId: integer().references(() => replies.id, { onDelete: 'set null' }),
    sourceNoteId: integer().references(() => replies.id, { onDelete: 'set null' }),
    previousStatus: ticketStatus().notNull(),
    previousResolvedAt: timestamp({ withTimezone: true }),
    previousClosedAt: timestamp({ withTimezone: true }),
    undoneAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [index().on(t.sourceId, t.createdAt), index().on(t.targetId)],
);

/**
 * Every status a ticket has been in, and since when: the SLA clocks run over it. A trigger on
 * tickets writes it in the transaction of each change, whichever code changed the status.
 */
export const ticketStatusHistory = pgTable(
  'ticket_status_history',
  {
    id: id(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    status: ticketStatus().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.ticketId, t.changedAt)],
);

export type Ticket = typeof tickets.$inferSelect;
export type TicketMerge = typeof ticketMerges.$inferSelect;
export type Reply = typeof replies.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;
