import { ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents } from '@/db/schema';
import type { AgentJson } from '@/lib/agents/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, emailConflict } from '@/lib/test/expectations';
import { createTicket, createAgent, createDepartment, createKey } from '@/lib/test/factories';
import type { TicketSummaryJson } from '@/lib/tickets/schema';

let admin = '';
let read = '';
let write = '';

beforeAll(async () => {
  [admin, read, write] = await Promise.all([createKey('admin'), createKey('read'), createKey('write')]);
});

describe('GET /api/v1/agents/{id}', () => {
  it('shows one agent, and 404 for unknown or malformed ids', async () => {
    const agent = await createAgent({ first_name: 'Omar', last_name: 'Haddad' });
    const res = await call<AgentJson>('GET', `/api/v1/agents/${agent.id}`, { key: read });
    expect(res.body.data).toMatchObject({ id: agent.id, first_name: 'Omar', last_name: 'Haddad', departments: [], current_tickets: 0 });
    expect(res.body.data).not.toHaveProperty('password_hash');
    for (const id of ['999999', 'abc']) {
      expectError(await call('GET', `/api/v1/agents/${id}`, { key: read }), { status: 404, code: 'NOT_FOUND' });
    }
  });
});

describe('PUT /api/v1/agents/{id}', () => {
  it('updates fields partially and replaces departments', async () => {
    const agent = await createAgent();
    const [one, two] = [await createDepartment(), await createDepartment()];
    await call('PUT', `/api/v1/agents/${agent.id}`, { key: admin, body: { department_ids: [one.id] } });
    const res = await call<AgentJson>('PUT', `/api/v1/agents/${agent.id}`, {
      key: admin,
      body: { department_ids: [two.id], availability: 'away', skills: ['billing'], role: 'admin', max_tickets: null },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      departments: [{ id: two.id, name: two.name }],
      availability: 'away',
      skills: ['billing'],
      role: 'admin',
      max_tickets: null,
      first_name: agent.first_name,
    });
  });

  it('deactivates an agent: history stays, new assignments are refused', async () => {
    const agent = await createAgent();
    const ticket = await createTicket({ assigned_agent_id: agent.id });
    const res = await call<AgentJson>('PUT', `/api/v1/agents/${agent.id}`, { key: admin, body: { status: 'inactive' } });
    expect(res.body.data.status).toBe('inactive');
    const stillTheirs = await call<TicketSummaryJson[]>('GET', `/api/v1/agents/${agent.id}/tickets`, { key: read });
    expect(stillTheirs.body.data.map((t) => t.id)).toEqual([ticket.id]);
    const other = await createTicket();
    expectValidationError(await call('PUT', `/api/v1/tickets/${other.id}/assign`, { key: write, body: { agent_id: agent.id } }), [
      { field: 'agent_id', message: `Agent ${agent.id} does not exist or is not active` },
    ]);
  });

  it('refuses an email another agent has, an empty body, and non-admin keys', async () => {
    const [a, b] = [await createAgent(), await createAgent()];
    expectError(
      await call('PUT', `/api/v1/agents/${a.id}`, { key: admin, body: { email: b.email.toUpperCase() } }),
      emailConflict(`An agent with email ${b.email.toUpperCase()} already exists`),
    );
    expectValidationError(await call('PUT', `/api/v1/agents/${a.id}`, { key: admin, body: {} }), [{ field: '', message: 'Give at least one field to update' }]);
    expectError(await call('PUT', `/api/v1/agents/${a.id}`, { key: write, body: { availability: 'busy' } }), { status: 403, code: 'FORBIDDEN' });
    expectError(await call('PUT', '/api/v1/agents/999999', { key: admin, body: { availability: 'busy' } }), { status: 404, code: 'NOT_FOUND' });
    expectError(await call('DELETE', `/api/v1/agents/${a.id}`, { key: admin }), { status: 405, code: 'METHOD_NOT_ALLOWED' });
  });
});

describe('the last active admin', () => {
  const lastAdmin = { status: 409, code: 'CONFLICT', message: 'Loopdesk needs at least one active admin: make another agent an admin first' };
  const put = (id: number, body: unknown) => call('PUT', `/api/v1/agents/${id}`, { key: admin, body });

  it('cannot be demoted or deactivated; with a second admin, one of them can', async () => {
    const first = await createAgent({ role: 'admin' });
    // Earlier tests in this file may have made admins: step them down directly, leaving only `first`.
    await getDb().update(agents).set({ role: 'agent' }).where(ne(agents.id, first.id));
    expectError(await put(first.id, { role: 'agent' }), lastAdmin);
    expectError(await put(first.id, { status: 'inactive' }), lastAdmin);

    const second = await createAgent({ role: 'admin' });
    expect((await put(first.id, { role: 'agent' })).status).toBe(200);
    expectError(await put(second.id, { status: 'inactive' }), lastAdmin);
    // Other changes to the last admin are fine.
    expect((await put(second.id, { availability: 'busy' })).status).toBe(200);
  });
});

describe('GET /api/v1/agents/{id}/tickets', () => {
  it("lists the agent's tickets with the ticket list filters and pagination", async () => {
    const agent = await createAgent();
    const open = await createTicket({ assigned_agent_id: agent.id, status: 'open' });
    await createTicket({ assigned_agent_id: agent.id, status: 'closed' });
    await createTicket({ status: 'open' });
    const res = await call<TicketSummaryJson[]>('GET', `/api/v1/agents/${agent.id}/tickets?status=open`, { key: read });
    expect(res.body.data.map((t) => t.id)).toEqual([open.id]);
    expect(res.body.pagination.total).toBe(1);
    expectError(await call('GET', '/api/v1/agents/999999/tickets', { key: read }), { status: 404, code: 'NOT_FOUND', message: 'Agent not found' });
  });
});
