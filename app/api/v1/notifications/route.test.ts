import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agentNotifications } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createAgent, createCustomer, createKey, createTicket } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';
import type { NotificationJson } from '@/lib/notifications/schema';

type Agent = Awaited<ReturnType<typeof createAgent>>;

let lee: Agent;
let ann: Agent;
let annLeeson: Agent;
let gone: Agent;
let leeKey: string;
let annKey: string;
let leesonKey: string;
let importKey: string;
let customer: Awaited<ReturnType<typeof createCustomer>>;

beforeAll(async () => {
  lee = await createAgent({ first_name: 'Lee', last_name: 'Park' });
  ann = await createAgent({ first_name: 'Ann', last_name: 'Lee' });
  annLeeson = await createAgent({ first_name: 'Ann', last_name: 'Leeson' });
  gone = await createAgent({ first_name: 'Gone', last_name: 'Away', status: 'inactive' });
  leeKey = await createKey('write', {}, lee.id);
  annKey = await createKey('write', {}, ann.id);
  leesonKey = await createKey('write', {}, annLeeson.id);
  // An integration importing history: only an admin key may write as a customer.
  importKey = await createKey('admin');
  customer = await createCustomer({ first_name: 'John', last_name: 'Smith' });
});

const newTicket = (input: Parameters<typeof createTicket>[0] = {}) => createTicket({ customer_id: customer.id, subject: 'Printer on fire', ...input });
const note = (ticketId: number, content: string, type = 'internal') =>
  call('POST', `/api/v1/tickets/${ticketId}/replies`, { key: leeKey, body: { content, type, author_type: 'agent' } });
const notificationsOf = async (key: string, query = '') => {
  const res = await call<NotificationJson[]>('GET', `/api/v1/notifications${query}`, { key });
  expect(res.status).toBe(200);
  return res.body.data;
};
const onTicket = async (key: string, ticketId: number) => (await notificationsOf(key, '?per_page=100')).filter((n) => n.ticket.id === ticketId);

describe('mentions in internal notes', () => {
  it('notifies each mentioned active agent once, by the longest name, never the author or an inactive agent', async () => {
    const ticket = await newTicket();
    const reply = await note(ticket.id, '@ann lee and @Ann Leeson, please look. Again @Ann Lee. cc @Lee Park @Gone Away mail@Ann Lee');
    expect(reply.status).toBe(201);

    const [forAnn] = await onTicket(annKey, ticket.id);
    expect(await onTicket(annKey, ticket.id)).toHaveLength(1);
    expect(forAnn).toEqual({
      id: expect.any(Number),
      kind: 'mention',
      ticket: { id: ticket.id, number: ticket.number, subject: 'Printer on fire' },
      reply_id: reply.body.data.id,
      actor: { type: 'agent', id: lee.id, name: 'Lee Park' },
      created_at: expect.any(String),
      read_at: null,
    });
    expect((await onTicket(leesonKey, ticket.id)).map((n) => n.kind)).toEqual(['mention']);
    expect(await onTicket(leeKey, ticket.id)).toEqual([]);
    // An inactive agent cannot sign in or use a key, so the table itself is asked.
    expect(await getDb().select().from(agentNotifications).where(eq(agentNotifications.agentId, gone.id))).toEqual([]);
  });

  it('ignores mentions in public replies, which the customer reads', async () => {
    const ticket = await newTicket();
    const reply = await note(ticket.id, 'Thanks! @Ann Lee will call you.', 'public');
    expect(reply.status).toBe(201);
    const internal = await note(ticket.id, '@Ann Lee please call them');
    expect((await onTicket(annKey, ticket.id)).map((n) => n.reply_id)).toEqual([internal.body.data.id]);
  });

  it('resolves mentions in the internal_note of a ticket update', async () => {
    const ticket = await newTicket();
    const res = await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: leeKey, body: { internal_note: 'Over to you, @Ann Lee' } });
    expect(res.status).toBe(200);
    expect((await onTicket(annKey, ticket.id)).map((n) => [n.kind, n.actor.name, n.reply_id === null])).toEqual([['mention', 'Lee Park', false]]);
  });

  it('creates none for an agent who switched mentions off in their preferences', async () => {
    const quiet = await createAgent({ first_name: 'Quiet', last_name: 'Person' });
    const headers = await webHeaders(quiet.id);
    const put = await call('PUT', '/api/v1/me/notifications', { headers, body: { in_app: { mention: false } } });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ ticket_assigned: true, in_app: { mention: false, assigned: true, customer_replied: true } });
    const ticket = await newTicket();
    await note(ticket.id, '@Quiet Person and @Ann Lee have a look');
    expect(await onTicket(await createKey('read', {}, quiet.id), ticket.id)).toEqual([]);
    expect((await onTicket(annKey, ticket.id)).map((n) => n.kind)).toEqual(['mention']);
  });
});

describe('assignments and customer replies', () => {
  it('tells the new assignee, but not an agent who takes a ticket themselves', async () => {
    const ticket = await newTicket();
    expect((await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: leeKey, body: { assigned_agent_id: ann.id } })).status).toBe(200);
    expect((await onTicket(annKey, ticket.id)).map((n) => [n.kind, n.actor])).toEqual([['assigned', { type: 'agent', id: lee.id, name: 'Lee Park' }]]);

    const taken = await newTicket();
    await call('PUT', `/api/v1/tickets/${taken.id}`, { key: annKey, body: { assigned_agent_id: ann.id } });
    expect(await onTicket(annKey, taken.id)).toEqual([]);
  });

  it('tells the assignee when the customer replies on their ticket', async () => {
    const ticket = await newTicket({ assigned_agent_id: annLeeson.id });
    const reply = await call('POST', `/api/v1/tickets/${ticket.id}/replies`, {
      key: importKey,
      body: { content: 'It is still smoking', type: 'public', author_type: 'customer' },
    });
    expect(reply.status).toBe(201);
    const kinds = (await onTicket(leesonKey, ticket.id)).map((n) => [n.kind, n.reply_id, n.actor.name]);
    expect(kinds).toContainEqual(['customer_replied', reply.body.data.id, 'John Smith']);
  });
});

describe('the notification center', () => {
  it('lists, counts and marks read only the caller’s own notifications', async () => {
    const reader = await createAgent({ first_name: 'Rita', last_name: 'Reader' });
    const key = await createKey('write', {}, reader.id);
    const [first, second] = [await newTicket(), await newTicket()];
    await note(first.id, '@Rita Reader one');
    await note(second.id, '@Rita Reader two');

    const all = await notificationsOf(key);
    expect(all.map((n) => n.ticket.id)).toEqual([second.id, first.id]);
    expect((await call('GET', '/api/v1/notifications/unread-count', { key })).body.data).toEqual({ unread: 2 });

    // Another agent can neither see nor mark them.
    expect((await notificationsOf(annKey)).some((n) => n.id === all[0]!.id)).toBe(false);
    const foreign = await call('POST', '/api/v1/notifications/read', { key: annKey, body: { ids: [all[0]!.id] } });
    expectValidationError(foreign, [{ field: 'ids[0]', message: `Notification ${all[0]!.id} does not exist` }]);

    const one = await call('POST', '/api/v1/notifications/read', { key, body: { ids: [all[0]!.id] } });
    expect(one.body.data).toEqual({ marked: 1, unread: 1 });
    expect((await notificationsOf(key, '?unread=true')).map((n) => n.id)).toEqual([all[1]!.id]);
    expect((await notificationsOf(key))[0]!.read_at).toEqual(expect.any(String));

    const rest = await call('POST', '/api/v1/notifications/read', { key, body: { all: true } });
    expect(rest.body.data).toEqual({ marked: 1, unread: 0 });
  });

  it('refuses bad bodies, anonymous callers and keys that act for no agent', async () => {
    const res = await call('POST', '/api/v1/notifications/read', { key: annKey, body: { ids: ['one'] } });
    expect(res.status).toBe(400);
    expect((await call('POST', '/api/v1/notifications/read', { key: annKey, body: { ids: [1], all: true } })).status).toBe(400);
    expect((await call('POST', '/api/v1/notifications/read', { key: annKey, body: {} })).status).toBe(400);
    expect((await call('GET', '/api/v1/notifications')).status).toBe(401);
    const agentless = await createKey('write');
    expectError(await call('GET', '/api/v1/notifications', { key: agentless }), { status: 403, code: 'FORBIDDEN' });
    expectError(await call('GET', '/api/v1/notifications/unread-count', { key: agentless }), { status: 403, code: 'FORBIDDEN' });
    expectError(await call('POST', '/api/v1/notifications/read', { key: agentless, body: { all: true } }), { status: 403, code: 'FORBIDDEN' });
  });
});
