import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agents, events } from '@/db/schema';
import type { AgentJson } from '@/lib/agents/schema';
import { verifyPassword } from '@/lib/agents/password';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, emailConflict } from '@/lib/test/expectations';
import { createTicket, createAgent, createDepartment, createKey } from '@/lib/test/factories';

let admin = '';
let write = '';
let read = '';

beforeAll(async () => {
  [admin, write, read] = await Promise.all([createKey('admin'), createKey('write'), createKey('read')]);
});

const sarah = (departmentIds: number[]) => ({
  first_name: 'Sarah',
  last_name: 'Johnson',
  email: `sarah.${Math.random().toString(36).slice(2)}@example.com`,
  role: 'agent',
  department_ids: departmentIds,
  skills: ['database', 'Web_Development', 'troubleshooting', 'database'],
  max_tickets: 15,
  password: 'correct horse battery',
});

describe('POST /api/v1/agents', () => {
  it("creates an agent in the reference's list shape, never showing the password", async () => {
    const support = await createDepartment({ name: 'Technical Support' });
    const body = sarah([support.id]);
    const res = await call<AgentJson>('POST', '/api/v1/agents', { key: admin, body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        first_name: 'Sarah',
        last_name: 'Johnson',
        email: body.email,
        role: 'agent',
        status: 'active',
        departments: [{ id: support.id, name: 'Technical Support' }],
        skills: ['database', 'web_development', 'troubleshooting'],
        availability: 'available',
        current_tickets: 0,
        max_tickets: 15,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const [row] = await getDb().select().from(agents).where(eq(agents.id, res.body.data.id));
    expect(await verifyPassword(row!.passwordHash!, 'correct horse battery')).toBe(true);
    const created = await getDb().select().from(events).where(eq(events.resourceId, res.body.data.id));
    expect(created.filter((e) => e.type === 'agent.created')).toHaveLength(1);
  });

  it('refuses a duplicate email in any case with 409, and unknown departments with 400', async () => {
    const body = sarah([]);
    expect((await call('POST', '/api/v1/agents', { key: admin, body })).status).toBe(201);
    expectError(
      await call('POST', '/api/v1/agents', { key: admin, body: { ...body, email: body.email.toUpperCase() } }),
      emailConflict(`An agent with email ${body.email.toUpperCase()} already exists`),
    );
    expectValidationError(await call('POST', '/api/v1/agents', { key: admin, body: sarah([999_999]) }), [
      { field: 'department_ids', message: 'Department 999999 does not exist' },
    ]);
  });

  it('validates each field with a clear message', async () => {
    expectValidationError(await call('POST', '/api/v1/agents', { key: admin, body: { email: 'nope', role: 'boss', password: 'short', max_tickets: -1 } }), [
      { field: 'first_name', message: 'First name is required' },
      { field: 'email', message: 'Email format is invalid' },
      { field: 'role', message: 'Role must be one of: agent, admin' },
      { field: 'max_tickets', message: 'Max tickets must be at least 0' },
      { field: 'password', message: 'Password must be at least 12 characters' },
    ]);
    expectValidationError(await call('POST', '/api/v1/agents', { key: admin, body: { first_name: 'Sarah', email: '' } }), [
      { field: 'email', message: 'Email address is required' },
    ]);
  });

  it('needs admin permission to write', async () => {
    for (const key of [read, write]) {
      expectError(await call('POST', '/api/v1/agents', { key, body: sarah([]) }), { status: 403, code: 'FORBIDDEN' });
    }
  });
});

describe('GET /api/v1/agents', () => {
  it('lists agents with current load (open and pending tickets only), filtered and paginated', async () => {
    const busy = await createAgent({ first_name: 'Aaron', last_name: 'Busy', availability: 'busy' });
    await createTicket({ assigned_agent_id: busy.id, status: 'open' });
    await createTicket({ assigned_agent_id: busy.id, status: 'pending' });
    await createTicket({ assigned_agent_id: busy.id, status: 'resolved' });
    const res = await call<AgentJson[]>('GET', '/api/v1/agents?availability=busy', { key: read });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a) => [a.id, a.current_tickets])).toEqual([[busy.id, 2]]);
    expect(res.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 1, total_pages: 1, has_next: false, has_prev: false });

    const inactive = await createAgent({ status: 'inactive' });
    const onlyInactive = await call<AgentJson[]>('GET', '/api/v1/agents?status=inactive', { key: read });
    expect(onlyInactive.body.data.map((a) => a.id)).toEqual([inactive.id]);
    expectValidationError(await call('GET', '/api/v1/agents?status=gone', { key: read }), [
      { field: 'status', message: 'Status must be one of: active, inactive' },
    ]);
  });

  it('filters by department', async () => {
    const billing = await createDepartment();
    const member = await call<AgentJson>('POST', '/api/v1/agents', { key: admin, body: sarah([billing.id]) });
    const res = await call<AgentJson[]>('GET', `/api/v1/agents?department_id=${billing.id}`, { key: read });
    expect(res.body.data.map((a) => a.id)).toEqual([member.body.data.id]);
  });
});
