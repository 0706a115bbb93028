import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, ticketEvents } from '@/lib/test/expectations';
import { createAgent, createKey, createTicket } from '@/lib/test/factories';
import type { TicketJson } from '@/lib/tickets/schema';
import { toTicketEventJson } from '@/lib/tickets/serialize';

let writeKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
});

const assign = (id: number | string, body: unknown) => call<TicketJson>('PUT', `/api/v1/tickets/${id}/assign`, { key: writeKey, body });

/** Runs `action` and returns it with the events it wrote for ticket `id`. */
async function withEvents<T>(id: number, action: () => Promise<T>) {
  const before = (await ticketEvents(id)).length;
  const result = await action();
  return { result, events: (await ticketEvents(id)).slice(before) };
}

describe('PUT /api/v1/tickets/{id}/assign', () => {
  it('assigns an active agent and answers with the full ticket', async () => {
    const agent = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
    const before = await createTicket({ subject: 'Needs an owner' });
    const res = await assign(before.id, { agent_id: agent.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        ...before,
        assigned_agent: { id: agent.id, name: 'Sarah Johnson', email: agent.email },
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
  });

  it('records ticket.updated and ticket.assigned, each with the assigned ticket', async () => {
    const agent = await createAgent();
    const { id } = await createTicket({ subject: 'Needs an owner' });
    const { result: res, events } = await withEvents(id, () => assign(id, { agent_id: agent.id }));
    expect(events.map((e) => ({ type: e.type, payload: e.payload }))).toEqual([
      {
        type: 'ticket.updated',
        payload: {
          ticket: toTicketEventJson(res.body.data),
          changes: ['assigned_agent_id'],
          before: { assigned_agent_id: null },
          after: { assigned_agent_id: agent.id },
        },
      },
      { type: 'ticket.assigned', payload: { ticket: toTicketEventJson(res.body.data) } },
    ]);
  });

  it('reassigns from one agent to another', async () => {
    const first = await createAgent();
    const second = await createAgent({ first_name: 'Omar', last_name: 'Haddad' });
    const { id } = await createTicket({ subject: 'Handover', assigned_agent_id: first.id });
    const { result: res, events } = await withEvents(id, () => assign(id, { agent_id: second.id }));
    expect(res.body.data.assigned_agent).toEqual({ id: second.id, name: 'Omar Haddad', email: second.email });
    expect(events.map((e) => e.type)).toEqual(['ticket.updated', 'ticket.assigned']);
  });

  it('unassigns with agent_id null, recording ticket.updated but not ticket.assigned', async () => {
    const agent = await createAgent();
    const { id } = await createTicket({ subject: 'Back to the queue', assigned_agent_id: agent.id });
    const { result: res, events } = await withEvents(id, () => assign(id, { agent_id: null }));
    expect(res.status).toBe(200);
    expect(res.body.data.assigned_agent).toBeNull();
    expect(events.map((e) => ({ type: e.type, payload: e.payload }))).toEqual([
      {
        type: 'ticket.updated',
        payload: {
          ticket: toTicketEventJson(res.body.data),
          changes: ['assigned_agent_id'],
          before: { assigned_agent_id: agent.id },
          after: { assigned_agent_id: null },
        },
      },
    ]);
  });

  it('writes no event when the ticket already has that agent', async () => {
    const agent = await createAgent();
    const before = await createTicket({ subject: 'Same owner', assigned_agent_id: agent.id });
    const { result: res, events } = await withEvents(before.id, () => assign(before.id, { agent_id: agent.id }));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(before);
    expect(events).toEqual([]);
  });

  it('refuses an unknown agent with a field error on agent_id and changes nothing', async () => {
    const before = await createTicket({ subject: 'Needs an owner' });
    const { result: res, events } = await withEvents(before.id, () => assign(before.id, { agent_id: 999_999 }));
    expectValidationError(res, [{ field: 'agent_id', message: 'Agent 999999 does not exist or is not active' }]);
    expect(events).toEqual([]);
    expect((await call<TicketJson>('GET', `/api/v1/tickets/${before.id}`, { key: writeKey })).body.data).toEqual(before);
  });

  it('refuses an inactive agent with a field error on agent_id', async () => {
    const inactive = await createAgent({ status: 'inactive' });
    const before = await createTicket({ subject: 'Needs an owner' });
    const { result: res, events } = await withEvents(before.id, () => assign(before.id, { agent_id: inactive.id }));
    expectValidationError(res, [{ field: 'agent_id', message: `Agent ${inactive.id} does not exist or is not active` }]);
    expect(events).toEqual([]);
  });

  it('requires agent_id in the body', async () => {
    const { id } = await createTicket({ subject: 'Needs an owner' });
    expectValidationError(await assign(id, {}), [{ field: 'agent_id', message: 'Agent ID is required' }]);
    expectValidationError(await assign(id, { assigned_agent_id: 1 }), [{ field: 'agent_id', message: 'Agent ID is required' }]);
  });

  it('refuses an agent_id that is not a positive integer', async () => {
    const { id } = await createTicket({ subject: 'Needs an owner' });
    expectValidationError(await assign(id, { agent_id: 'Sarah' }), [{ field: 'agent_id', message: 'Agent ID must be a number' }]);
    expectValidationError(await assign(id, { agent_id: 1.5 }), [{ field: 'agent_id', message: 'Agent ID must be an integer' }]);
    expectValidationError(await assign(id, { agent_id: 0 }), [{ field: 'agent_id', message: 'Agent ID must be greater than 0' }]);
  });

  it('answers 404 NOT_FOUND for a ticket that does not exist', async () => {
    const agent = await createAgent();
    expectError(await assign(999_999, { agent_id: agent.id }), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expectError(await assign('abc', { agent_id: agent.id }), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });

  it('answers 405 for a method other than PUT', async () => {
    const { id } = await createTicket({ subject: 'Needs an owner' });
    const res = await call('POST', `/api/v1/tickets/${id}/assign`, { key: writeKey, body: { agent_id: null } });
    expectError(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method POST is not allowed here; allowed: PUT' });
    expect(res.headers.get('allow')).toBe('PUT');
  });
});
