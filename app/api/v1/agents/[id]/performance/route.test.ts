import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, replies, satisfactionRatings, tickets } from '@/db/schema';
import { humanDuration } from '@/lib/agents/performance';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createTicket, createAgent, createCustomer, createKey } from '@/lib/test/factories';

/**
 * A hand-built August for Sarah. Times are set after each step, so every expected number below
 * can be worked out by hand:
 *  T1 created 08-01 10:00, assigned to Sarah; her public reply 12:00 (2 h); resolved 14:00 (4 h),
 *     one public agent reply (first-contact resolution); rated 5.
 *  T2 created 08-02 09:00, assigned to Sarah; her public replies 10:00 (1 h) and 12:00; resolved
 *     21:00 (12 h), two public agent replies (no FCR); rated 4; reopened 08-03 08:00.
 *  T3 created 08-05 00:00, assigned to Omar; Sarah's internal note 01:00 (she handled it), Omar's
 *     public reply 02:00 comes first, Sarah's public reply 03:00 (not a first response).
 *  T4 created 07-20, assigned to Sarah, resolved 07-25: outside the period.
 */
const db = () => getDb();
const at = (iso: string) => new Date(iso);
let sarahId = 0;
let omarId = 0;
let key = '';

async function lastEvent(ticketId: number, type: string) {
  const [row] = await db()
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.resourceId, ticketId), eq(events.type, type)))
    .orderBy(sql`${events.id} desc`)
    .limit(1);
  return row!.id;
}

const setEventTime = async (ticketId: number, type: string, when: string) =>
  db()
    .update(events)
    .set({ createdAt: at(when) })
    .where(eq(events.id, await lastEvent(ticketId, type)));

async function reply(ticketId: number, agentId: number, type: 'public' | 'internal', when: string) {
  const res = await call<{ id: number }>('POST', `/api/v1/tickets/${ticketId}/replies`, {
    key,
    body: { content: `Reply at ${when}`, type, author_type: 'agent', author_id: agentId },
  });
  await db()
    .update(replies)
    .set({ createdAt: at(when) })
    .where(eq(replies.id, res.body.data.id));
}

async function setStatus(ticketId: number, status: string, type: string, when: string) {
  expect((await call('PUT', `/api/v1/tickets/${ticketId}`, { key, body: { status } })).status).toBe(200);
  await setEventTime(ticketId, type, when);
}

async function newTicket(agentId: number, created: string) {
  const customer = await createCustomer();
  const ticket = await createTicket({ assigned_agent_id: agentId, customer_id: customer.id });
  await db()
    .update(tickets)
    .set({ createdAt: at(created) })
    .where(eq(tickets.id, ticket.id));
  await setEventTime(ticket.id, 'ticket.assigned', created);
  return ticket.id;
}

async function rate(ticketId: number, rating: number, when: string) {
  expect((await call('POST', `/api/v1/tickets/${ticketId}/satisfaction`, { key, body: { rating } })).status).toBe(201);
  await db()
    .update(satisfactionRatings)
    .set({ updatedAt: at(when) })
    .where(eq(satisfactionRatings.ticketId, ticketId));
}

beforeAll(async () => {
  // Admin: the fixtures write replies as Sarah and Omar, which only an admin key may.
  key = await createKey('admin');
  sarahId = (await createAgent({ first_name: 'Sarah', last_name: 'Johnson' })).id;
  omarId = (await createAgent({ first_name: 'Omar', last_name: 'Haddad' })).id;

  const t1 = await newTicket(sarahId, '2025-08-01T10:00:00Z');
  await reply(t1, sarahId, 'public', '2025-08-01T12:00:00Z');
  await setStatus(t1, 'resolved', 'ticket.resolved', '2025-08-01T14:00:00Z');
  await rate(t1, 5, '2025-08-02T08:00:00Z');

  const t2 = await newTicket(sarahId, '2025-08-02T09:00:00Z');
  await reply(t2, sarahId, 'public', '2025-08-02T10:00:00Z');
  await reply(t2, sarahId, 'public', '2025-08-02T12:00:00Z');
  await setStatus(t2, 'resolved', 'ticket.resolved', '2025-08-02T21:00:00Z');
  await rate(t2, 4, '2025-08-03T07:00:00Z');
  await setStatus(t2, 'open', 'ticket.reopened', '2025-08-03T08:00:00Z');

  const t3 = await newTicket(omarId, '2025-08-05T00:00:00Z');
  await reply(t3, sarahId, 'internal', '2025-08-05T01:00:00Z');
  await reply(t3, omarId, 'public', '2025-08-05T02:00:00Z');
  await reply(t3, sarahId, 'public', '2025-08-05T03:00:00Z');

  const t4 = await newTicket(sarahId, '2025-07-20T00:00:00Z');
  await setStatus(t4, 'resolved', 'ticket.resolved', '2025-07-25T00:00:00Z');
});

const august = 'start_date=2025-08-01&end_date=2025-08-31';

describe('GET /api/v1/agents/{id}/performance', () => {
  it("computes the reference's metrics from the period's real data", async () => {
    const read = await createKey('read');
    const res = await call('GET', `/api/v1/agents/${sarahId}/performance?${august}`, { key: read });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        agent_id: sarahId,
        period: { start: '2025-08-01T00:00:00Z', end: '2025-08-31T23:59:59Z' },
        metrics: {
          tickets_handled: 3,
          tickets_resolved: 2,
          average_response_time: '1.5 hours',
          average_response_time_seconds: 5400,
          average_resolution_time: '8 hours',
          average_resolution_time_seconds: 28_800,
          customer_satisfaction: 4.5,
          first_contact_resolution: 0.5,
          reopened_tickets: 1,
        },
      },
    });
  });

  it('credits the first response to whoever wrote it, and counts a ticket replied to as handled', async () => {
    const res = await call<{ metrics: Record<string, unknown> }>('GET', `/api/v1/agents/${omarId}/performance?${august}`, { key });
    expect(res.body.data.metrics).toMatchObject({
      tickets_handled: 1,
      tickets_resolved: 0,
      average_response_time: '2 hours',
      average_response_time_seconds: 7200,
      average_resolution_time: null,
      average_resolution_time_seconds: null,
      customer_satisfaction: null,
      first_contact_resolution: null,
      reopened_tickets: 0,
    });
  });

  it('returns only the metrics asked for with metrics=', async () => {
    const res = await call<{ metrics: Record<string, unknown> }>(
      'GET',
      `/api/v1/agents/${sarahId}/performance?${august}&metrics=tickets_resolved,average_resolution_time`,
      { key },
    );
    expect(res.body.data.metrics).toEqual({
      tickets_resolved: 2,
      average_resolution_time: '8 hours',
      average_resolution_time_seconds: 28_800,
    });
  });

  it('leaves out what happened before the period', async () => {
    const res = await call<{ metrics: Record<string, unknown> }>('GET', `/api/v1/agents/${sarahId}/performance?start_date=2025-07-01&end_date=2025-07-31`, {
      key,
    });
    expect(res.body.data.metrics).toMatchObject({ tickets_handled: 1, tickets_resolved: 1, reopened_tickets: 0 });
  });

  it('defaults to the last 30 days', async () => {
    const res = await call<{ period: { start: string; end: string } }>('GET', `/api/v1/agents/${sarahId}/performance`, { key });
    expect(res.status).toBe(200);
    const days = (Date.parse(res.body.data.period.end) - Date.parse(res.body.data.period.start)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });

  it('refuses unknown metrics, bad dates and a start after the end', async () => {
    expectValidationError(await call('GET', `/api/v1/agents/${sarahId}/performance?metrics=speed`, { key }), [
      {
        field: 'metrics',
        message:
          'Metrics must be one of: tickets_handled, tickets_resolved, average_response_time, average_resolution_time, customer_satisfaction, first_contact_resolution, reopened_tickets',
      },
    ]);
    expectValidationError(await call('GET', `/api/v1/agents/${sarahId}/performance?start_date=yesterday`, { key }), [
      { field: 'start_date', message: 'Must be an ISO 8601 date or date-time, e.g. 2025-08-24T18:00:00Z' },
    ]);
    expectValidationError(await call('GET', `/api/v1/agents/${sarahId}/performance?start_date=2025-09-01&end_date=2025-08-01`, { key }), [
      { field: 'start_date', message: 'Start date must not be after end date' },
    ]);
  });

  it('refuses dates before 2000 or after 2100, but takes a period of several years', async () => {
    const outside = (field: string) => ({ field, message: 'Report dates must be between 2000-01-01 and 2100-12-31' });
    expectValidationError(await call('GET', `/api/v1/agents/${sarahId}/performance?start_date=0001-01-01&end_date=9999-12-31`, { key }), [
      outside('start_date'),
      outside('end_date'),
    ]);
    // Its metrics are sums over the rows of the period, with no series to build.
    const decade = await call<{ metrics: Record<string, unknown> }>('GET', `/api/v1/agents/${sarahId}/performance?start_date=2020-01-01&end_date=2029-12-31`, {
      key,
    });
    expect(decade.status).toBe(200);
    expect(decade.body.data.metrics).toMatchObject({ tickets_resolved: 3 });
  });

  it('answers 404 for an unknown agent and 401 without a key', async () => {
    expectError(await call('GET', '/api/v1/agents/999999/performance', { key }), { status: 404, code: 'NOT_FOUND', message: 'Agent not found' });
    expectError(await call('GET', `/api/v1/agents/${sarahId}/performance`), { status: 401, code: 'UNAUTHORIZED' });
  });
});

describe('humanDuration', () => {
  it('writes durations the way the reference does', () => {
    expect([30, 90, 5400, 29_520, 3 * 86_400].map(humanDuration)).toEqual(['30 seconds', '1.5 minutes', '1.5 hours', '8.2 hours', '3 days']);
    expect(humanDuration(3600)).toBe('1 hour');
    expect(humanDuration(null)).toBeNull();
  });
});
