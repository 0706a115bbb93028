import type { Attachment, CustomFieldValues, Ticket } from '@/db/schema';
import { publicUrl } from '@/lib/config';
import { isoTime } from '@/lib/time';
import { fullName } from '@/lib/names';
import type { ReplyEmailJson } from '@/lib/email/schema';
import type { AttachmentJson, ReplyJson, TicketJson, TicketSlaJson, TicketSummaryJson } from './schema';

export type PersonRef = { id: number; firstName: string; lastName: string; email: string };
export type CustomerRef = PersonRef & { organization: string | null };
export type NamedRef = { id: number; name: string };
export type ReplyRow = {
  id: number;
  content: string;
  html: string | null;
  type: 'public' | 'internal';
  channel: 'web' | 'api' | 'email';
  authorType: 'agent' | 'customer' | 'system';
  createdAt: Date;
  author: PersonRef | null;
};

export function toAttachmentJson(a: Pick<Attachment, 'id' | 'filename' | 'size'>): AttachmentJson {
  return { id: a.id, filename: a.filename, size: a.size, url: `${publicUrl()}/api/v1/files/${a.id}/download` };
}

export function toReplyJson(reply: ReplyRow, attachments: Attachment[], email: ReplyEmailJson | null): ReplyJson {
  const name = reply.author ? fullName(reply.author.firstName, reply.author.lastName) : reply.authorType === 'system' ? 'Loopdesk' : null;
  return {
    id: reply.id,
    content: reply.content,
    html: reply.html,
    type: reply.type,
    channel: reply.channel,
    author: { type: reply.authorType, id: reply.author?.id ?? null, name },
    created_at: isoTime(reply.createdAt),
    attachments: attachments.map(toAttachmentJson),
    email,
  };
}

/** The ticket columns its service levels are read from (the tickets_sla_before trigger writes them). */
export const slaColumnNames = [
  'status',
  'slaPolicyId',
  'slaFirstResponseTarget',
  'slaFirstResponseDueAt',
  'slaFirstResponseMet',
  'slaFirstResponseBreachedAt',
  'slaResolutionTarget',
  'slaResolutionDueAt',
  'slaResolutionMet',
  'slaResolutionBreachedAt',
  'slaDueAt',
] as const satisfies (keyof Ticket)[];
export type SlaColumns = Pick<Ticket, (typeof slaColumnNames)[number]>;

function slaMeasure(target: number | null, dueAt: Date | null, met: boolean | null, breachedAt: Date | null, done: boolean, now: Date) {
  if (target === null) return null;
  const breached = breachedAt !== null || met === false || (dueAt !== null && dueAt <= now);
  const status = met === true ? 'met' : breached ? 'breached' : dueAt !== null ? 'running' : done ? 'stopped' : 'paused';
  return { target_minutes: target, status, due_at: isoTime(dueAt), breached_at: isoTime(breachedAt) } as const;
}

/** A ticket's service levels as the API shows them; `now` decides whether a deadline has passed. */
export function toTicketSlaJson(t: SlaColumns, now = new Date()): TicketSlaJson {
  if (t.slaPolicyId === null) return null;
  const done = t.status === 'resolved' || t.status === 'closed';
  return {
    policy_id: t.slaPolicyId,
    first_response: slaMeasure(t.slaFirstResponseTarget, t.slaFirstResponseDueAt, t.slaFirstResponseMet, t.slaFirstResponseBreachedAt, done, now),
    resolution: slaMeasure(t.slaResolutionTarget, t.slaResolutionDueAt, t.slaResolutionMet, t.slaResolutionBreachedAt, done, now),
    due_at: isoTime(t.slaDueAt),
  };
}

export type TicketRow = {
  ticket: Ticket;
  customer: CustomerRef | null;
  agent: PersonRef | null;
  department: NamedRef | null;
  category: NamedRef | null;
  mergedInto: { id: number; number: string } | null;
};

/** The reference's full ticket shape (GET /tickets/{id}); also the `data.ticket` of ticket events. */
export function toTicketJson(row: TicketRow, replies: ReplyJson[], attachments: Attachment[]): TicketJson {
  const { ticket: t, customer, agent } = row;
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    description: t.description,
    description_html: t.descriptionHtml,
    status: t.status,
    priority: t.priority,
    created_at: isoTime(t.createdAt),
    updated_at: isoTime(t.updatedAt),
    due_date: isoTime(t.dueDate),
    resolved_at: isoTime(t.resolvedAt),
    closed_at: isoTime(t.closedAt),
    reopen_count: t.reopenCount,
    channel: t.channel,
    cc: t.cc,
    customer: customer && {
      id: customer.id,
      name: fullName(customer.firstName, customer.lastName),
      email: customer.email,
      organization: customer.organization,
    },
    assigned_agent: agent && { id: agent.id, name: fullName(agent.firstName, agent.lastName), email: agent.email },
    department: row.department,
    category: row.category,
    custom_fields: t.customFields as CustomFieldValues,
    tags: t.tags,
    attachments: attachments.map(toAttachmentJson),
    replies,
    merged_into: row.mergedInto,
    sla: toTicketSlaJson(t),
  };
}

/**
 * The ticket as a domain event stores it: everything but the thread. Storing the thread with
 * every event made a ticket's events grow with the square of its replies; a reply event carries
 * its one new reply beside this instead.
 */
export function toTicketEventJson(ticket: TicketJson): Omit<TicketJson, 'replies'> {
  const { replies: _thread, ...rest } = ticket;
  return rest;
}

export type TicketSummaryRow = Pick<TicketRow, 'department'> & {
  ticket: Pick<Ticket, 'id' | 'number' | 'subject' | 'status' | 'priority' | 'createdAt' | 'updatedAt' | 'dueDate' | 'tags'> & SlaColumns;
  customer: Omit<CustomerRef, 'email' | 'organization'> | null;
  agent: Omit<PersonRef, 'email'> | null;
};

/** The reference's list item, plus what an inbox row needs (assignee, department, due date, tags). */
export function toTicketSummaryJson(row: TicketSummaryRow): TicketSummaryJson {
  const { ticket: t } = row;
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    created_at: isoTime(t.createdAt),
    updated_at: isoTime(t.updatedAt),
    due_date: isoTime(t.dueDate),
    customer: row.customer && { id: row.customer.id, name: fullName(row.customer.firstName, row.customer.lastName) },
    assigned_agent: row.agent && { id: row.agent.id, name: fullName(row.agent.firstName, row.agent.lastName) },
    department: row.department,
    tags: t.tags,
    sla: toTicketSlaJson(t),
  };
}
