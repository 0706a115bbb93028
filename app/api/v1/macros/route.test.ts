import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events } from '@/db/schema';
import type { MacroJson } from '@/lib/macros/schema';
import type { TicketJson } from '@/lib/tickets/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds, ticketEvents } from '@/lib/test/expectations';
import { createAgent, createCustomer, createKey, createTicket, uniqueName } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';

let adminKey: string;
let readKey: string;
let sarah: { id: number };
let mike: { id: number };
let anna: { id: number };

beforeAll(async () => {
  adminKey = await createKey('admin');
  readKey = await createKey('read');
  sarah = await createAgent({ first_name: 'Sarah', last_name: 'Johnson' });
  mike = await createAgent({ first_name: 'Mike', last_name: 'Chen' });
  anna = await createAgent({ first_name: 'Anna', last_name: 'Admin', role: 'admin' });
});

const as = async <T = MacroJson>(agentId: number, method: string, path: string, body?: unknown) =>
  call<T>(method, path, { headers: await webHeaders(agentId), body });
const macroBody = (extra: Record<string, unknown> = {}) => ({ name: uniqueName('Macro'), body: 'Hello {{customer.first_name}}', ...extra });
const macroEvents = (id: number) =>
  getDb()
    .select()
    .from(events)
    .where(and(eq(events.resourceType, 'macro'), eq(events.resourceId, id)))
    .orderBy(asc(events.id));

describe('POST /api/v1/macros', () => {
  it('creates a personal macro owned by the agent, with the macro.created event', async () => {
    const res = await as(sarah.id, 'POST', '/api/v1/macros', { name: 'Thanks', body: 'Thanks, {{ customer.name }}!', actions: { add_tags: ['Thanks'] } });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(Number),
      name: 'Thanks',
      body: 'Thanks, {{ customer.name }}!',
      visibility: 'personal',
      actions: { add_tags: ['thanks'] },
      owner_agent_id: sarah.id,
      created_by_agent_id: sarah.id,
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
    });
    expect((await macroEvents(res.body.data.id)).map((e) => e.type)).toEqual(['macro.created']);
  });

  it('refuses an unknown variable on body, listing the known ones', async () => {
    expectValidationError(await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ body: 'Hi {{customer.nickname}}' })), [
      {
        field: 'body',
        message:
          'Unknown variable {{customer.nickname}}: the known ones are {{customer.first_name}}, {{customer.name}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}}, {{agent.first_name}}',
      },
    ]);
  });

  it('refuses unknown actions and values', async () => {
    const res = await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ actions: { status: 'done', assignee_id: 'you' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.map((d) => d.field)).toEqual(['actions.status', 'actions.assignee_id']);
  });

  it('lets only admins create shared macros', async () => {
    expectError(await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ visibility: 'shared' })), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Only admins can create, change or delete shared macros',
    });
    const res = await as(anna.id, 'POST', '/api/v1/macros', macroBody({ visibility: 'shared' }));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ visibility: 'shared', owner_agent_id: null, created_by_agent_id: anna.id });
  });

  it('gives a key without an agent shared macros only', async () => {
    expectError(await call('POST', '/api/v1/macros', { key: adminKey, body: macroBody() }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Personal macros belong to an agent: sign in, or use a key created by an agent',
    });
    expect((await call('POST', '/api/v1/macros', { key: adminKey, body: macroBody({ visibility: 'shared' }) })).status).toBe(201);
  });

  it('answers 409 to a name already taken in the same scope, whatever its case', async () => {
    const name = uniqueName('Dup');
    expect((await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ name }))).status).toBe(201);
    expectError(await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ name: name.toUpperCase() })), {
      status: 409,
      code: 'CONFLICT',
      message: 'A macro with this name already exists',
      details: [{ field: 'name', message: 'Name is already taken' }],
    });
    // Another agent's personal macros are another scope.
    expect((await as(mike.id, 'POST', '/api/v1/macros', macroBody({ name }))).status).toBe(201);
  });

  it('answers 401 without credentials and 403 to a read key', async () => {
    expectError(await call('POST', '/api/v1/macros', { body: macroBody() }), { status: 401, code: 'UNAUTHORIZED' });
    expectError(await call('POST', '/api/v1/macros', { key: readKey, body: macroBody({ visibility: 'shared' }) }), { status: 403, code: 'FORBIDDEN' });
  });
});

describe('GET /api/v1/macros and /api/v1/macros/{id}', () => {
  it("lists the shared macros and the caller's own, never another agent's, searchable by name", async () => {
    const mine = (await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ name: 'Zebra personal' }))).body.data;
    const theirs = (await as(mike.id, 'POST', '/api/v1/macros', macroBody({ name: 'Zebra secret' }))).body.data;
    const shared = (await as(anna.id, 'POST', '/api/v1/macros', macroBody({ name: 'Zebra shared', visibility: 'shared' }))).body.data;

    const res = await as<MacroJson[]>(sarah.id, 'GET', '/api/v1/macros?search=zebra');
    expect(res.status).toBe(200);
    expect(res.body.data.map((m) => m.name)).toEqual(['Zebra personal', 'Zebra shared']);
    expect(res.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 2, total_pages: 1, has_next: false, has_prev: false });
    expect((await call<MacroJson[]>('GET', '/api/v1/macros?search=zebra', { key: readKey })).body.data.map((m) => m.name)).toEqual(['Zebra shared']);
    expect((await as<MacroJson[]>(sarah.id, 'GET', '/api/v1/macros?search=zebra&per_page=1&page=2')).body.data.map((m) => m.name)).toEqual(['Zebra shared']);

    expect((await as(sarah.id, 'GET', `/api/v1/macros/${mine.id}`)).body.data).toEqual(mine);
    expect((await as(sarah.id, 'GET', `/api/v1/macros/${shared.id}`)).status).toBe(200);
    expectError(await as(sarah.id, 'GET', `/api/v1/macros/${theirs.id}`), { status: 404, code: 'NOT_FOUND', message: 'Macro not found' });
    // An admin does not see an agent's personal macros either.
    expectError(await as(anna.id, 'GET', `/api/v1/macros/${theirs.id}`), { status: 404, code: 'NOT_FOUND', message: 'Macro not found' });
  });

  it('answers 400 to a bad query and 401 without credentials', async () => {
    expectValidationError(await call('GET', '/api/v1/macros?per_page=0', { key: readKey }), [
      { field: 'per_page', message: expect.any(String) as unknown as string },
    ]);
    expectError(await call('GET', '/api/v1/macros'), { status: 401, code: 'UNAUTHORIZED' });
    expectError(await call('GET', '/api/v1/macros/1'), { status: 401, code: 'UNAUTHORIZED' });
  });
});

describe('PUT and DELETE /api/v1/macros/{id}', () => {
  it('lets the owner change and delete a personal macro, each with its event; others get 404', async () => {
    const macro = (await as(sarah.id, 'POST', '/api/v1/macros', macroBody())).body.data;
    expectError(await as(mike.id, 'PUT', `/api/v1/macros/${macro.id}`, { name: 'Mine now' }), { status: 404, code: 'NOT_FOUND' });
    const res = await as(sarah.id, 'PUT', `/api/v1/macros/${macro.id}`, { body: 'Bye {{agent.first_name}}', actions: { priority: 'high' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: macro.name, body: 'Bye {{agent.first_name}}', actions: { priority: 'high' } });
    expectValidationError(await as(sarah.id, 'PUT', `/api/v1/macros/${macro.id}`, { body: '{{ticket.id}}' }), [
      { field: 'body', message: expect.stringContaining('Unknown variable {{ticket.id}}') as unknown as string },
    ]);
    expectError(await as(sarah.id, 'PUT', `/api/v1/macros/${macro.id}`, { visibility: 'shared' }), { status: 403, code: 'FORBIDDEN' });
    expectError(await as(mike.id, 'DELETE', `/api/v1/macros/${macro.id}`), { status: 404, code: 'NOT_FOUND' });
    expect((await as(sarah.id, 'DELETE', `/api/v1/macros/${macro.id}`)).status).toBe(204);
    expect((await macroEvents(macro.id)).map((e) => e.type)).toEqual(['macro.created', 'macro.updated', 'macro.deleted']);
    expectError(await as(sarah.id, 'GET', `/api/v1/macros/${macro.id}`), { status: 404, code: 'NOT_FOUND' });
  });

  it('lets only admins change or delete a shared macro', async () => {
    const macro = (await as(anna.id, 'POST', '/api/v1/macros', macroBody({ visibility: 'shared' }))).body.data;
    expectError(await as(sarah.id, 'PUT', `/api/v1/macros/${macro.id}`, { name: 'Hijacked' }), { status: 403, code: 'FORBIDDEN' });
    expectError(await as(sarah.id, 'DELETE', `/api/v1/macros/${macro.id}`), { status: 403, code: 'FORBIDDEN' });
    expect((await call('PUT', `/api/v1/macros/${macro.id}`, { key: adminKey, body: { name: uniqueName('Renamed') } })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/macros/${macro.id}`, { key: adminKey })).status).toBe(204);
  });

  it('answers 409 to a rename onto a taken name and 400 to an empty change', async () => {
    const a = (await as(sarah.id, 'POST', '/api/v1/macros', macroBody())).body.data;
    const b = (await as(sarah.id, 'POST', '/api/v1/macros', macroBody())).body.data;
    expectError(await as(sarah.id, 'PUT', `/api/v1/macros/${b.id}`, { name: a.name }), {
      status: 409,
      code: 'CONFLICT',
      message: 'A macro with this name already exists',
      details: [{ field: 'name', message: 'Name is already taken' }],
    });
    expect((await as(sarah.id, 'PUT', `/api/v1/macros/${b.id}`, {})).status).toBe(400);
  });
});

describe('POST /api/v1/tickets/{id}/macros/{macro_id}/apply', () => {
  const apply = (agentId: number, ticketId: number, macroId: number) =>
    as<{ body: string; ticket: TicketJson }>(agentId, 'POST', `/api/v1/tickets/${ticketId}/macros/${macroId}/apply`);

  it('renders every variable as plain text and applies the actions through a normal ticket update', async () => {
    const customer = await createCustomer({ first_name: 'John', last_name: 'Smith' });
    const ticket = await createTicket({ subject: 'Refund <b>please</b>', customer_id: customer.id, tags: ['billing', 'old'] });
    const macro = (
      await as(anna.id, 'POST', '/api/v1/macros', {
        name: uniqueName('Refund approved'),
        visibility: 'shared',
        body: 'Hi {{customer.first_name}} ({{customer.name}}), {{ticket.number}} "{{ticket.subject}}" – {{agent.name}} / {{agent.first_name}}',
        actions: { status: 'pending', priority: 'high', assignee_id: 'me', add_tags: ['refund'], remove_tags: ['old'] },
      })
    ).body.data;

    const res = await apply(sarah.id, ticket.id, macro.id);
    expect(res.status).toBe(200);
    expect(res.body.data.body).toBe(`Hi John (John Smith), ${ticket.number} "Refund <b>please</b>" – Sarah Johnson / Sarah`);
    expect(res.body.data.ticket).toMatchObject({
      id: ticket.id,
      status: 'pending',
      priority: 'high',
      tags: ['billing', 'refund'],
      assigned_agent: { id: sarah.id },
    });
    // Not sent: the composer inserts the text for the agent to edit and send.
    expect(res.body.data.ticket.replies).toEqual([]);

    const recorded = (await ticketEvents(ticket.id)).filter((e) => e.type !== 'ticket.created');
    expect(recorded.map((e) => e.type)).toEqual(['ticket.updated', 'ticket.assigned']);
    expect(recorded[0]!.payload).toMatchObject({ changes: expect.arrayContaining(['status', 'priority', 'assigned_agent_id', 'tags']) });
    expect(recorded[0]!.actor).toMatchObject({ type: 'agent', id: sarah.id });
  });

  it('renders a missing customer and agent as empty text, and changes nothing without actions', async () => {
    const ticket = await createTicket({ subject: 'No customer' });
    const macro = (
      await call<MacroJson>('POST', '/api/v1/macros', {
        key: adminKey,
        body: macroBody({ visibility: 'shared', body: 'Hi {{customer.first_name}}{{customer.name}}, {{agent.name}}.' }),
      })
    ).body.data;
    const res = await call<{ body: string; ticket: TicketJson }>('POST', `/api/v1/tickets/${ticket.id}/macros/${macro.id}/apply`, { key: adminKey });
    expect(res.status).toBe(200);
    expect(res.body.data.body).toBe('Hi , .');
    expect((await ticketEvents(ticket.id)).map((e) => e.type)).toEqual(['ticket.created']);
  });

  it("answers 404 for another agent's personal macro or a missing ticket, 403 to a read key, 401 without credentials", async () => {
    const ticket = await createTicket();
    const mikes = (await as(mike.id, 'POST', '/api/v1/macros', macroBody({ actions: { status: 'resolved' } }))).body.data;
    expectError(await apply(sarah.id, ticket.id, mikes.id), { status: 404, code: 'NOT_FOUND', message: 'Macro not found' });
    expectError(await apply(mike.id, 2_000_000_000, mikes.id), { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expectError(await call('POST', `/api/v1/tickets/${ticket.id}/macros/${mikes.id}/apply`, { key: readKey }), { status: 403, code: 'FORBIDDEN' });
    expectError(await call('POST', `/api/v1/tickets/${ticket.id}/macros/${mikes.id}/apply`), { status: 401, code: 'UNAUTHORIZED' });
    expect((await ticketEvents(ticket.id)).map((e) => e.type)).toEqual(['ticket.created']);
  });

  it('answers 400 when an action no longer fits, changing nothing', async () => {
    const ticket = await createTicket();
    const gone = await createAgent({ status: 'inactive' });
    const macro = (await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ actions: { status: 'pending', assignee_id: gone.id } }))).body.data;
    const res = await apply(sarah.id, ticket.id, macro.id);
    expect(res.status).toBe(400);
    expect((await ticketEvents(ticket.id)).map((e) => e.type)).toEqual(['ticket.created']);
  });

  it('answers 400 on actions.add_tags when the tags added would pass the ticket limit of 50, changing nothing', async () => {
    const ticket = await createTicket({ tags: Array.from({ length: 50 }, (_, i) => `tag-${i}`) });
    const macro = (await as(sarah.id, 'POST', '/api/v1/macros', macroBody({ actions: { add_tags: ['one-more'] } }))).body.data;
    expectValidationError(await apply(sarah.id, ticket.id, macro.id), [
      { field: 'actions.add_tags', message: 'The ticket would have 51 tags; a ticket has at most 50' },
    ]);
    expect((await ticketEvents(ticket.id)).map((e) => e.type)).toEqual(['ticket.created']);
  });
});
