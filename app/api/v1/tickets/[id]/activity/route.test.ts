import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { createAgent, createCategory, createCustomer, createCustomField, createDepartment, createKey } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';
import type { ActivityJson, TicketJson } from '@/lib/tickets/schema';

/** A ticket's history in sentences' terms: each event's changes as `{field, from, to}` with names. */
let key: string;
let lee: { id: number };
let sam: { id: number };
let mia: { id: number };
let billing: { id: number };
let support: { id: number };
let refunds: { id: number };
let john: { id: number };
let jane: { id: number };

beforeAll(async () => {
  key = await createKey('admin');
  lee = await createAgent({ first_name: 'Lee', last_name: 'Park' });
  sam = await createAgent({ first_name: 'Sam', last_name: 'Ortiz' });
  mia = await createAgent({ first_name: 'Mia', last_name: 'Chen' });
  billing = await createDepartment({ name: 'Billing' });
  support = await createDepartment({ name: 'Support' });
  refunds = await createCategory({ name: 'Refunds', department_id: billing.id });
  john = await createCustomer({ first_name: 'John', last_name: 'Smith' });
  jane = await createCustomer({ first_name: 'Jane', last_name: 'Doe' });
  await createCustomField({ key: 'order_number', label: 'Order number', type: 'text' });
});

const asLee = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, { headers: await webHeaders(lee.id), body });
  expect(res.status).toBeLessThan(300);
  return res;
};
const newTicket = async (body: Record<string, unknown> = {}) =>
  (await call<TicketJson>('POST', '/api/v1/tickets', { key, body: { subject: 'Activity test', ...body } })).body.data;
const activity = async (ticketId: number) => {
  const res = await call<ActivityJson[]>('GET', `/api/v1/tickets/${ticketId}/activity`, { key });
  expect(res.status).toBe(200);
  return res.body.data;
};
/** The details of the ticket's last event of this type. */
const lastDetails = async (ticketId: number, event = 'ticket.updated') => (await activity(ticketId)).filter((a) => a.event === event).at(-1)!.details;
/** Changes the ticket as Lee and answers the details of the update it wrote. */
const change = async (ticketId: number, body: Record<string, unknown>) => {
  await asLee('PUT', `/api/v1/tickets/${ticketId}`, body);
  return lastDetails(ticketId);
};

const ref = (row: { id: number }, name: string) => ({ id: row.id, name });

describe('GET /api/v1/tickets/{id}/activity details', () => {
  it('says a ticket was created, and by whom, with no details', async () => {
    const ticket = await newTicket();
    expect(await activity(ticket.id)).toEqual([
      {
        id: expect.any(Number),
        event: 'ticket.created',
        actor: { type: 'api_key', id: expect.any(Number), name: 'admin key', app: null },
        changes: [],
        details: [],
        created_at: expect.any(String),
      },
    ]);
  });

  it('gives status and priority from → to, without the times that follow the status', async () => {
    const ticket = await newTicket();
    expect(await change(ticket.id, { status: 'resolved', priority: 'high' })).toEqual([
      { field: 'priority', from: 'normal', to: 'high' },
      { field: 'status', from: 'open', to: 'resolved' },
    ]);
    // The event that says "resolved" carries the same change.
    expect(await lastDetails(ticket.id, 'ticket.resolved')).toEqual([{ field: 'status', from: 'open', to: 'resolved' }]);
    expect(await change(ticket.id, { status: 'open' })).toEqual([{ field: 'status', from: 'resolved', to: 'open' }]);
    expect(await lastDetails(ticket.id, 'ticket.reopened')).toEqual([{ field: 'status', from: 'resolved', to: 'open' }]);
  });

  it('names the assignee set, changed and cleared', async () => {
    const ticket = await newTicket();
    expect(await change(ticket.id, { assigned_agent_id: sam.id })).toEqual([{ field: 'assignee', from: null, to: ref(sam, 'Sam Ortiz') }]);
    expect(await lastDetails(ticket.id, 'ticket.assigned')).toEqual([{ field: 'assignee', from: null, to: ref(sam, 'Sam Ortiz') }]);
    expect(await change(ticket.id, { assigned_agent_id: mia.id })).toEqual([{ field: 'assignee', from: ref(sam, 'Sam Ortiz'), to: ref(mia, 'Mia Chen') }]);
    expect(await change(ticket.id, { assigned_agent_id: null })).toEqual([{ field: 'assignee', from: ref(mia, 'Mia Chen'), to: null }]);
  });

  it('names the assignee a new ticket was created with', async () => {
    const ticket = await newTicket({ assigned_agent_id: sam.id });
    expect((await activity(ticket.id)).map((a) => [a.event, a.details])).toEqual([
      ['ticket.created', []],
      ['ticket.assigned', [{ field: 'assignee', from: null, to: ref(sam, 'Sam Ortiz') }]],
    ]);
  });

  it('names the department and the category', async () => {
    const ticket = await newTicket({ department_id: support.id });
    expect(await change(ticket.id, { department_id: billing.id, category_id: refunds.id })).toEqual([
      { field: 'department', from: ref(support, 'Support'), to: ref(billing, 'Billing') },
      { field: 'category', from: null, to: ref(refunds, 'Refunds') },
    ]);
  });

  it('gives the due date set and cleared', async () => {
    const ticket = await newTicket();
    expect(await change(ticket.id, { due_date: '2026-12-24T09:30:00Z' })).toEqual([{ field: 'due_date', from: null, to: '2026-12-24T09:30:00Z' }]);
    expect(await change(ticket.id, { due_date: null })).toEqual([{ field: 'due_date', from: '2026-12-24T09:30:00Z', to: null }]);
  });

  it('gives the tags added and removed', async () => {
    const ticket = await newTicket({ tags: ['vip', 'billing'] });
    expect(await change(ticket.id, { tags: ['billing', 'refund'] })).toEqual([
      { field: 'tags', from: ['vip', 'billing'], to: ['billing', 'refund'], added: ['refund'], removed: ['vip'] },
    ]);
  });

  it('gives each custom field changed, by its label', async () => {
    const ticket = await newTicket({ custom_fields: { order_number: 'A-1' } });
    expect(await change(ticket.id, { custom_fields: { order_number: 'A-2', browser: 'Firefox' } })).toEqual([
      { field: 'custom_field', key: 'order_number', label: 'Order number', from: 'A-1', to: 'A-2' },
      { field: 'custom_field', key: 'browser', label: 'browser', from: null, to: 'Firefox' },
    ]);
    expect(await change(ticket.id, { custom_fields: { browser: null } })).toEqual([
      { field: 'custom_field', key: 'browser', label: 'browser', from: 'Firefox', to: null },
    ]);
  });

  it('gives the subject from → to, and says the description changed', async () => {
    const ticket = await newTicket({ subject: 'Printer broken', description: 'It jams' });
    expect(await change(ticket.id, { subject: 'Printer jams on A4', description: 'It jams on every A4 sheet' })).toEqual([
      { field: 'subject', from: 'Printer broken', to: 'Printer jams on A4' },
      { field: 'description' },
    ]);
  });

  it('names the requester set and changed', async () => {
    const ticket = await newTicket();
    expect(await change(ticket.id, { customer_id: john.id })).toEqual([{ field: 'customer', from: null, to: ref(john, 'John Smith') }]);
    expect(await change(ticket.id, { customer_id: jane.id })).toEqual([{ field: 'customer', from: ref(john, 'John Smith'), to: ref(jane, 'Jane Doe') }]);
  });

  it('tells a reply from an internal note, with its author', async () => {
    const ticket = await newTicket();
    const lee_ = { type: 'agent', id: lee.id, name: 'Lee Park' };
    const reply = (await asLee('POST', `/api/v1/tickets/${ticket.id}/replies`, { content: 'On it' })).body.data as { id: number };
    expect(await lastDetails(ticket.id)).toEqual([{ field: 'reply', type: 'public', reply_id: reply.id, author: lee_ }]);
    const note = (await asLee('POST', `/api/v1/tickets/${ticket.id}/comments`, { content: 'Customer is a VIP' })).body.data as { id: number };
    expect(await lastDetails(ticket.id)).toEqual([{ field: 'reply', type: 'internal', reply_id: note.id, author: lee_ }]);
    const details = await change(ticket.id, { priority: 'urgent', internal_note: 'Escalating' });
    const thread = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key });
    expect(details).toEqual([
      { field: 'priority', from: 'normal', to: 'urgent' },
      { field: 'reply', type: 'internal', reply_id: thread.body.data.replies.at(-1)!.id, author: lee_ },
    ]);
  });

  it('lists the files attached', async () => {
    const ticket = await newTicket();
    const form = new FormData();
    form.append('file', new Blob(['fire report'], { type: 'text/plain' }), 'report.txt');
    const res = await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, { key, rawBody: form });
    expect(res.status).toBe(201);
    expect(await lastDetails(ticket.id)).toEqual([{ field: 'attachments', files: ['report.txt'] }]);
  });

  it('gives the rating a customer gave', async () => {
    const ticket = await newTicket({ status: 'resolved' });
    expect((await call('POST', `/api/v1/tickets/${ticket.id}/satisfaction`, { key, body: { rating: 4 } })).status).toBe(201);
    expect(await lastDetails(ticket.id, 'ticket.rated')).toEqual([{ field: 'rating', to: 4 }]);
  });

  it('gives each ticket of a bulk update its own changes', async () => {
    const [a, b] = [await newTicket(), await newTicket({ priority: 'low' })];
    await asLee('PUT', '/api/v1/tickets/bulk', {
      tickets: [
        { id: a!.id, status: 'pending' },
        { id: b!.id, priority: 'high', assigned_agent_id: sam.id },
      ],
    });
    expect(await lastDetails(a!.id)).toEqual([{ field: 'status', from: 'open', to: 'pending' }]);
    expect(await lastDetails(b!.id)).toEqual([
      { field: 'priority', from: 'low', to: 'high' },
      { field: 'assignee', from: null, to: ref(sam, 'Sam Ortiz') },
    ]);
  });

  it('keeps the latest 500 changes of a long history, oldest first', async () => {
    const ticket = await newTicket();
    for (let i = 0; i < 501; i++) await call('PUT', `/api/v1/tickets/${ticket.id}`, { key, body: { subject: `Activity ${i}` } });
    const history = await activity(ticket.id);
    expect(history).toHaveLength(500);
    expect(history.at(-1)!.details).toEqual([{ field: 'subject', from: 'Activity 499', to: 'Activity 500' }]);
    expect(history[0]!.details).toEqual([{ field: 'subject', from: 'Activity 0', to: 'Activity 1' }]);
    expect(history.map((a) => a.id)).toEqual([...history.map((a) => a.id)].sort((x, y) => x - y));
  });
});
