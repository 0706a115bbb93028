import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { agentNotifications, events, webhookDeliveries } from '@/db/schema';
import type { TeamReportJson } from '@/lib/reports/schema';
import type { SlaPolicyJson } from '@/lib/sla/schema';
import type { TicketJson, TicketSummaryJson } from '@/lib/tickets/schema';
import { call } from '@/lib/test/api';
import { ticketEvents } from '@/lib/test/expectations';
import { createAgent, createDepartment, createKey, uniqueName } from '@/lib/test/factories';
import { webHeaders } from '@/lib/test/session';
import { backdateTicket, rerunSlaClocks } from '@/lib/test/sla';
import { webhookBody } from '@/lib/webhooks/deliver';
import { recordSlaBreaches, warnOfSlaDeadlines } from './sweep';

const MINUTE = 60_000;
let adminKey: string;
let sam: { id: number };
let billing: { id: number };
let policy: SlaPolicyJson;

beforeAll(async () => {
  adminKey = await createKey('admin');
  sam = await createAgent({ first_name: 'Sam', last_name: 'Ortiz' });
  billing = await createDepartment({ name: uniqueName('Billing') });
  const res = await call<SlaPolicyJson>('POST', '/api/v1/sla-policies', {
    key: adminKey,
    body: {
      name: 'Billing around the clock',
      department_id: billing.id,
      targets: { urgent: { first_response_minutes: 60, resolution_minutes: 240 }, high: { first_response_minutes: 20, resolution_minutes: null } },
    },
  });
  expect(res.status).toBe(201);
  policy = res.body.data;
});

const newTicket = async (body: Record<string, unknown> = {}) => {
  const res = await call<TicketJson>('POST', '/api/v1/tickets', {
    key: adminKey,
    body: { subject: 'Card declined twice', priority: 'urgent', department_id: billing.id, ...body },
  });
  expect(res.status).toBe(201);
  return res.body.data;
};
const getTicket = async (id: number) => (await call<TicketJson>('GET', `/api/v1/tickets/${id}`, { key: adminKey })).body.data;
const update = async (id: number, body: Record<string, unknown>) => {
  const res = await call<TicketJson>('PUT', `/api/v1/tickets/${id}`, { key: adminKey, body });
  expect(res.status).toBe(200);
  return res.body.data;
};
const reply = async (id: number, body: Record<string, unknown>) => {
  const res = await call('POST', `/api/v1/tickets/${id}/replies`, { headers: await webHeaders(sam.id), body });
  expect(res.status).toBe(201);
};
const ms = (iso: string | null | undefined) => new Date(iso!).getTime();

const backdate = (id: number, minutes: number) => backdateTicket(id, minutes * 60);

const breachEvents = async (id: number) => (await ticketEvents(id)).filter((e) => e.type === 'ticket.sla_breached');
const notificationsOf = (agentId: number, ticketId: number) =>
  getDb()
    .select({ kind: agentNotifications.kind })
    .from(agentNotifications)
    .where(and(eq(agentNotifications.agentId, agentId), eq(agentNotifications.ticketId, ticketId)))
    .orderBy(asc(agentNotifications.id));

describe('a ticket under an SLA policy', () => {
  it('starts both clocks when it comes in, due its targets after it was created', async () => {
    const ticket = await newTicket();
    expect(ticket.sla).toEqual({
      policy_id: policy.id,
      first_response: { target_minutes: 60, status: 'running', due_at: expect.any(String), breached_at: null },
      resolution: { target_minutes: 240, status: 'running', due_at: expect.any(String), breached_at: null },
      due_at: ticket.sla!.first_response!.due_at,
    });
    expect(ms(ticket.sla!.first_response!.due_at) - ms(ticket.created_at)).toBe(60 * MINUTE);
    expect(ms(ticket.sla!.resolution!.due_at) - ms(ticket.created_at)).toBe(240 * MINUTE);
  });

  it('pauses while pending and resumes with the time it had left', async () => {
    const ticket = await newTicket();
    await backdate(ticket.id, 20);
    const pending = await update(ticket.id, { status: 'pending' });
    expect(pending.sla!.first_response).toEqual({ target_minutes: 60, status: 'paused', due_at: null, breached_at: null });
    expect(pending.sla!.due_at).toBeNull();
    const reopened = await update(ticket.id, { status: 'open' });
    // 20 of its 60 minutes ran before the pause: 40 are left from now.
    const left = ms(reopened.sla!.first_response!.due_at) - ms(reopened.updated_at);
    expect(Math.abs(left - 40 * MINUTE)).toBeLessThan(2_000);
  });

  it('counts the first public agent reply as the first response, not a note or the customer', async () => {
    const ticket = await newTicket();
    await reply(ticket.id, { content: 'Looking into it', type: 'internal' });
    expect((await getTicket(ticket.id)).sla!.first_response!.status).toBe('running');
    await reply(ticket.id, { content: 'We have refunded the second charge.', type: 'public' });
    const answered = await getTicket(ticket.id);
    expect(answered.sla!.first_response).toEqual({ target_minutes: 60, status: 'met', due_at: null, breached_at: null });
    expect(answered.sla!.due_at).toBe(answered.sla!.resolution!.due_at);
  });

  it('takes the targets of a new priority, and none for a priority the policy leaves out', async () => {
    const ticket = await newTicket();
    const high = await update(ticket.id, { priority: 'high' });
    expect(high.sla!.first_response!.target_minutes).toBe(20);
    expect(high.sla!.resolution).toBeNull();
    const low = await update(ticket.id, { priority: 'low' });
    expect(low.sla).toEqual({ policy_id: policy.id, first_response: null, resolution: null, due_at: null });
  });

  it('meets the resolution target when resolved in time, and says stopped for a response never given', async () => {
    const ticket = await newTicket();
    const resolved = await update(ticket.id, { status: 'resolved' });
    expect(resolved.sla!.resolution).toEqual({ target_minutes: 240, status: 'met', due_at: null, breached_at: null });
    expect(resolved.sla!.first_response!.status).toBe('stopped');
  });
});

describe('a ticket from before SLA policies (no status history)', () => {
  it('starts its clocks at its first change, not when it came in a month ago', async () => {
    const [legacy] = await getDb().transaction(async (tx) => {
      await tx.execute(sql`select set_config('loopdesk.bulk_load', 'on', true)`);
      return tx.execute<{ id: number }>(sql`
        insert into tickets (subject, priority, department_id, status, created_at, updated_at, resolved_at)
        values ('Old question', 'urgent', ${billing.id}, 'resolved', now() - interval '30 days', now() - interval '29 days', now() - interval '29 days')
        returning id`);
    });
    const reopened = await update(legacy!.id, { status: 'open' });
    expect(reopened.sla!.first_response!.status).toBe('running');
    const left = ms(reopened.sla!.first_response!.due_at) - ms(reopened.updated_at);
    expect(Math.abs(left - 60 * MINUTE)).toBeLessThan(2_000);
    await recordSlaBreaches(getDb());
    expect(await breachEvents(legacy!.id)).toEqual([]);
    const paused = await update(legacy!.id, { status: 'pending' });
    expect(paused.sla!.first_response).toEqual({ target_minutes: 60, status: 'paused', due_at: null, breached_at: null });
  });
});

describe('the breach sweep', () => {
  it('records a passed deadline once: marked on the ticket, a ticket.sla_breached event, a webhook and a notification', async () => {
    const hook = await call<{ id: number }>('POST', '/api/v1/webhooks', {
      key: adminKey,
      body: { url: 'https://93.184.215.14/hook', events: ['ticket.sla_breached'] },
    });
    expect(hook.status).toBe(201);
    const ticket = await newTicket({ assigned_agent_id: sam.id });
    await backdate(ticket.id, 61);
    const late = await getTicket(ticket.id);
    expect(late.sla!.first_response!.status).toBe('breached');
    const dueAt = late.sla!.first_response!.due_at;
    expect(ms(dueAt)).toBe(ms(late.created_at) + 60 * MINUTE);

    expect(await recordSlaBreaches(getDb())).toBeGreaterThanOrEqual(1);
    const [breach, ...more] = await breachEvents(ticket.id);
    expect(more).toEqual([]);
    expect(breach!.payload).toMatchObject({ sla: { measure: 'first_response', due_at: dueAt, breached_at: dueAt }, ticket: { id: ticket.id } });
    expect(breach!.actor).toEqual({ type: 'system', id: null });
    const after = await getTicket(ticket.id);
    expect(after.sla!.first_response).toEqual({ target_minutes: 60, status: 'breached', due_at: dueAt, breached_at: dueAt });
    const deliveries = await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, breach!.id));
    expect(deliveries.map((d) => d.webhookId)).toEqual([hook.body.data.id]);
    const sent = JSON.parse(webhookBody(breach!));
    expect(sent).toMatchObject({ event: 'ticket.sla_breached', data: { sla: { measure: 'first_response', due_at: dueAt, breached_at: dueAt } } });
    expect(sent.data.ticket.sla.first_response.status).toBe('breached');
    expect((await notificationsOf(sam.id, ticket.id)).map((n) => n.kind)).toContain('sla_breached');

    expect(await recordSlaBreaches(getDb())).toBe(0);
    expect(await breachEvents(ticket.id)).toHaveLength(1);
    // Answered late, it stays breached.
    await reply(ticket.id, { content: 'Sorry for the wait.', type: 'public' });
    expect((await getTicket(ticket.id)).sla!.first_response!.status).toBe('breached');
  });

  it('records a breach the deadline of which passed while the ticket was paused', async () => {
    const ticket = await newTicket();
    await backdate(ticket.id, 90);
    await update(ticket.id, { status: 'on_hold' });
    await recordSlaBreaches(getDb());
    expect((await breachEvents(ticket.id)).map((e) => (e.payload as { sla: { measure: string } }).sla.measure)).toEqual(['first_response']);
  });

  it('records a goal reached late before the sweep saw its deadline', async () => {
    const ticket = await newTicket();
    await update(ticket.id, { status: 'resolved' });
    // Resolved 5 hours after it came in: past its 4-hour resolution target.
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`update ticket_status_history set changed_at = changed_at - interval '5 hours' where ticket_id = ${ticket.id} and status = 'open'`);
      await tx.execute(sql`update tickets set created_at = created_at - interval '5 hours' where id = ${ticket.id}`);
      await rerunSlaClocks(tx, ticket.id);
    });
    expect((await getTicket(ticket.id)).sla!.resolution!.status).toBe('breached');
    await recordSlaBreaches(getDb());
    const measures = (await breachEvents(ticket.id)).map((e) => (e.payload as { sla: { measure: string } }).sla.measure);
    expect(measures.toSorted()).toEqual(['first_response', 'resolution']);
  });

  it('records each breach once when two sweeps run at the same time', async () => {
    const tickets = await Promise.all(Array.from({ length: 5 }, () => newTicket()));
    for (const t of tickets) await backdate(t.id, 61);
    await Promise.all([recordSlaBreaches(getDb()), recordSlaBreaches(getDb()), recordSlaBreaches(getDb())]);
    for (const t of tickets) expect(await breachEvents(t.id)).toHaveLength(1);
  });

  it('warns the assignee once of a deadline under 30 minutes away', async () => {
    const ticket = await newTicket({ priority: 'high', assigned_agent_id: sam.id });
    await warnOfSlaDeadlines(getDb());
    await warnOfSlaDeadlines(getDb());
    expect((await notificationsOf(sam.id, ticket.id)).map((n) => n.kind)).toEqual(['assigned', 'sla_warning']);
    const far = await newTicket({ assigned_agent_id: sam.id });
    await warnOfSlaDeadlines(getDb());
    expect((await notificationsOf(sam.id, far.id)).map((n) => n.kind)).toEqual(['assigned']);
  });
});

describe('SLA in lists and reports', () => {
  it('sorts by the next deadline, tickets with none last, and filters breached tickets and deadlines', async () => {
    const department = await createDepartment({ name: uniqueName('Escalations') });
    const created = await call<SlaPolicyJson>('POST', '/api/v1/sla-policies', {
      key: adminKey,
      body: { name: uniqueName('Escalations'), department_id: department.id, targets: { urgent: { first_response_minutes: 30, resolution_minutes: null } } },
    });
    expect(created.status).toBe(201);
    const later = await newTicket({ department_id: department.id });
    const none = await newTicket({ department_id: department.id, priority: 'low' });
    const breached = await newTicket({ department_id: department.id });
    await backdate(breached.id, 45);
    const soon = await newTicket({ department_id: department.id });
    await backdate(soon.id, 20);
    await recordSlaBreaches(getDb());

    const list = async (query: string) =>
      (await call<TicketSummaryJson[]>('GET', `/api/v1/tickets?department_id=${department.id}&${query}`, { key: adminKey })).body.data.map((t) => t.id);
    expect(await list('sort=sla_due_at&order=asc')).toEqual([breached.id, soon.id, later.id, none.id]);
    expect(await list('sort=sla_due_at&order=asc&per_page=2&page=2')).toEqual([later.id, none.id]);
    expect(await list('sla_breached=true')).toEqual([breached.id]);
    // soon came in 20 minutes earlier than the others (backdated).
    expect(await list('sla_breached=false&sort=created_at&order=asc')).toEqual([soon.id, later.id, none.id]);
    const inQuarterHour = encodeURIComponent(new Date(Date.now() + 15 * MINUTE).toISOString());
    expect(await list(`sla_due_before=${inQuarterHour}&sort=sla_due_at&order=asc`)).toEqual([breached.id, soon.id]);
    const [row] = (await call<TicketSummaryJson[]>('GET', `/api/v1/tickets?department_id=${department.id}&sort=sla_due_at&order=asc`, { key: adminKey })).body
      .data;
    expect(row!.sla!.first_response!.status).toBe('breached');
  });

  it('walks the SLA order with cursors to the end without skipping or repeating a ticket', async () => {
    const seen: number[] = [];
    let after = '';
    for (let i = 0; i < 100; i++) {
      const res = await call<TicketSummaryJson[]>('GET', `/api/v1/tickets?sort=sla_due_at&order=asc&per_page=3${after}`, { key: adminKey });
      seen.push(...res.body.data.map((t) => t.id));
      const next = (res.body as unknown as { pagination: { next_cursor: string | null } }).pagination.next_cursor;
      if (!next) break;
      after = `&after=${next}`;
    }
    const all = (await call<TicketSummaryJson[]>('GET', '/api/v1/tickets?sort=sla_due_at&order=asc&per_page=100', { key: adminKey })).body.data.map(
      (t) => t.id,
    );
    expect(seen).toEqual(all);
  });

  it('reports the attainment of the first responses and resolutions in the period', async () => {
    const before = (await call<TeamReportJson>('GET', '/api/v1/reports/team', { key: adminKey })).body.data.sla;
    const met = await newTicket();
    await reply(met.id, { content: 'On it.', type: 'public' });
    const late = await newTicket();
    await backdate(late.id, 61);
    await reply(late.id, { content: 'Sorry for the wait.', type: 'public' });
    const res = await call<TeamReportJson>('GET', '/api/v1/reports/team', { key: adminKey });
    expect(res.status).toBe(200);
    const { first_response } = res.body.data.sla;
    expect(first_response.met - before.first_response.met).toBe(1);
    expect(first_response.breached - before.first_response.breached).toBe(1);
    expect(first_response.rate).toBeCloseTo(first_response.met / (first_response.met + first_response.breached));
  });
});

describe('the events of an SLA policy', () => {
  it('writes sla_policy.created with the policy', async () => {
    const rows = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.resourceType, 'sla_policy'), eq(events.resourceId, policy.id)));
    expect(rows.map((e) => e.type)).toEqual(['sla_policy.created']);
    expect(rows[0]!.payload).toEqual({ sla_policy: policy });
  });
});
