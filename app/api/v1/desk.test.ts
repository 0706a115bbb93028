import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createAgent, createKey } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';

/** The endpoints the agent desk adds beside the reference's: activity, presence, saved views, inbox filters. */
let key: string;
let sarah: { id: number };
let mike: { id: number };

beforeAll(async () => {
  key = await createKey('admin');
  sarah = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  mike = await createAgent({ first_name: 'Mike', last_name: 'Chen' });
});

const asAgent = async (agentId: number, method: string, path: string, body?: unknown) => call(method, path, { headers: await webHeaders(agentId), body });
const newTicket = async (body: Record<string, unknown> = {}) =>
  (await call<{ id: number }>('POST', '/api/v1/tickets', { key, body: { subject: 'Desk test', ...body } })).body.data;

describe('GET /api/v1/tickets/{id}/activity', () => {
  it('lists who changed what, oldest first, with the actor named', async () => {
    const ticket = await newTicket();
    await asAgent(sarah.id, 'PUT', `/api/v1/tickets/${ticket.id}`, { priority: 'urgent', status: 'pending' });
    const res = await call<{ event: string; actor: unknown; changes: string[]; created_at: string }[]>('GET', `/api/v1/tickets/${ticket.id}/activity`, { key });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a) => [a.event, a.actor, [...a.changes].sort()])).toEqual([
      ['ticket.created', { type: 'api_key', id: expect.any(Number), name: 'admin key', app: null }, []],
      ['ticket.updated', { type: 'agent', id: sarah.id, name: 'Sarah Johnson', app: null }, ['priority', 'status']],
    ]);
    expect(res.body.data[0]!.created_at).toMatch(isoSeconds);
  });

  it('answers 404 for an unknown ticket', async () => {
    expectError(await call('GET', '/api/v1/tickets/999999/activity', { key }), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
  });
});

describe('PUT /api/v1/tickets/{id}/presence', () => {
  it('tells each agent who else has the ticket open, and who is typing', async () => {
    const ticket = await newTicket();
    const first = await asAgent(sarah.id, 'PUT', `/api/v1/tickets/${ticket.id}/presence`, { typing: true });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([]);

    const second = await asAgent(mike.id, 'PUT', `/api/v1/tickets/${ticket.id}/presence`, {});
    expect(second.body.data).toEqual([{ agent: { id: sarah.id, name: 'Sarah Johnson' }, typing: true, seen_at: expect.stringMatching(isoSeconds) }]);

    const again = await asAgent(sarah.id, 'PUT', `/api/v1/tickets/${ticket.id}/presence`, { typing: false });
    expect(again.body.data).toEqual([{ agent: { id: mike.id, name: 'Mike Chen' }, typing: false, seen_at: expect.any(String) }]);

    expect((await asAgent(mike.id, 'DELETE', `/api/v1/tickets/${ticket.id}/presence`)).status).toBe(204);
    expect((await asAgent(sarah.id, 'PUT', `/api/v1/tickets/${ticket.id}/presence`, {})).body.data).toEqual([]);
  });

  it('refuses a key that belongs to no agent with 400', async () => {
    const ticket = await newTicket();
    expectValidationError(await call('PUT', `/api/v1/tickets/${ticket.id}/presence`, { key, body: {} }), [
      { field: 'agent', message: 'Presence is reported by a signed-in agent or a key created by one' },
    ]);
  });
});

describe('saved views', () => {
  it("keeps each agent's views apart", async () => {
    const created = await asAgent(sarah.id, 'POST', '/api/v1/views', { name: 'Urgent open', query: '?status=open&priority=urgent' });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      id: expect.any(Number),
      name: 'Urgent open',
      query: '?status=open&priority=urgent',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });

    expect((await asAgent(sarah.id, 'GET', '/api/v1/views')).body.data).toEqual([created.body.data]);
    expect((await asAgent(mike.id, 'GET', '/api/v1/views')).body.data).toEqual([]);
    const id = (created.body.data as { id: number }).id;
    expectError(await asAgent(mike.id, 'DELETE', `/api/v1/views/${id}`), { status: 404, code: 'NOT_FOUND', message: 'View not found' });
    expect((await asAgent(sarah.id, 'DELETE', `/api/v1/views/${id}`)).status).toBe(204);
  });

  it('refuses a blank name or a query not starting with ?', async () => {
    expectValidationError(await asAgent(sarah.id, 'POST', '/api/v1/views', { name: ' ', query: 'status=open' }), [
      { field: 'name', message: 'Name must not be blank' },
      { field: 'query', message: 'Query must be empty or start with ?' },
    ]);
  });

  it('answers 403 to a key that belongs to no agent', async () => {
    expectError(await call('GET', '/api/v1/views', { key }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Saved views belong to an agent: sign in, or use a key created by an agent',
    });
  });
});

describe('inbox filters on GET /api/v1/tickets', () => {
  it('unassigned=true lists tickets without an assignee, false those with one', async () => {
    const free = await newTicket({ subject: 'Nobody has me' });
    const taken = await newTicket({ subject: 'Sarah has me', assigned_agent_id: sarah.id });
    const ids = async (query: string) => (await call<{ id: number }[]>('GET', `/api/v1/tickets?per_page=100&${query}`, { key })).body.data.map((t) => t.id);
    expect(await ids('unassigned=true')).toContain(free.id);
    expect(await ids('unassigned=true')).not.toContain(taken.id);
    expect(await ids('unassigned=false')).toContain(taken.id);
    expect(await ids('unassigned=false')).not.toContain(free.id);
  });

  it('due_before lists tickets due before the time, never those without a due date', async () => {
    const late = await newTicket({ due_date: '2020-01-01T00:00:00Z' });
    const later = await newTicket({ due_date: '2099-01-01T00:00:00Z' });
    const none = await newTicket();
    const ids = (await call<{ id: number }[]>('GET', '/api/v1/tickets?per_page=100&due_before=2030-01-01T00:00:00Z', { key })).body.data.map((t) => t.id);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(later.id);
    expect(ids).not.toContain(none.id);
  });

  it('refuses unassigned values other than true or false', async () => {
    const res = await call('GET', '/api/v1/tickets?unassigned=yes', { key });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]?.field).toBe('unassigned');
  });
});
