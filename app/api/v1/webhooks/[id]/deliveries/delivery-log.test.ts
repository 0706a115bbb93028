import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhookDeliveries, webhooks } from '@/db/schema';
import { referenceVerifies } from '@/lib/test/reference-verifier';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { eventually } from '@/lib/test/webhook-receiver';
import type { DeliveryJson } from '@/lib/webhooks/schema';
import { webhookEvents } from '@/lib/events/catalogue';
import {
  adminKey,
  writeKey,
  readKey,
  receiver,
  newWebhook,
  email,
  api,
  newTicket,
  deliveriesOf,
  newestDelivery,
  attempted,
  webhookRow,
  getWebhook,
  jobsFor,
  ms,
  anAttempt,
  unauthorized,
  forbidden,
  header,
} from './delivery-fixture';

/** Deliveries end to end: redeliver, the test ping, and the delivery log. */
describe('POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', () => {
  const redeliver = (webhookId: number, deliveryId: number, key: string | null = adminKey) =>
    call<DeliveryJson>('POST', `/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`, { key: key ?? undefined });

  async function deliveredOnce() {
    const hook = await newWebhook(['ticket.created']);
    await newTicket();
    const delivery = await newestDelivery(hook.id, (d) => d.status === 'succeeded');
    return { hook, delivery };
  }

  it('sends the same delivery again now, with the same id and body, and answers with the delivery', async () => {
    const { hook, delivery } = await deliveredOnce();

    const res = await redeliver(hook.id, delivery.id);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        ...delivery,
        attempt_count: 2,
        delivered_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
        attempts: [delivery.attempts[0], anAttempt({ response_status: 200, response_body: 'ok' })],
        request_body: expect.any(String),
      },
    });
    const [first, again] = receiver.at(hook.path);
    expect(receiver.at(hook.path)).toHaveLength(2);
    expect(header(again!, 'x-loopdesk-delivery')).toBe(String(delivery.id));
    expect(again!.body).toBe(first!.body);
    expect(JSON.parse(again!.body)).toMatchObject({ id: delivery.event_id, timestamp: JSON.parse(first!.body).timestamp });
    expect(referenceVerifies(again!.body, header(again!, 'x-loopdesk-signature'), hook.secret)).toBe(true);
    // The answer is the delivery as GET .../deliveries/{delivery_id} gives it: the log's entry plus the body sent.
    const { request_body: sent, ...logged } = res.body.data as DeliveryJson & { request_body: string };
    expect(sent).toBe(again!.body);
    expect((await deliveriesOf(hook.id))[0]).toEqual(logged);
  });

  it('sends a failed delivery of a webhook switched off by a 410, and leaves the webhook off', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: (_req, n) => (n === 1 ? { status: 410 } : { status: 200, body: 'back' }) });
    await newTicket();
    const failed = await newestDelivery(hook.id, (d) => d.status === 'failed');

    const res = await redeliver(hook.id, failed.id);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'succeeded', attempt_count: 2, next_attempt_at: null });
    expect(res.body.data.attempts.map((a) => a.response_status)).toEqual([410, 200]);
    expect(await getWebhook(hook.id)).toMatchObject({ active: false, disabled_reason: expect.stringContaining('410 Gone') });
  });

  it('leaves the retry schedule and the webhook as they were when a redelivery fails, even with 410 Gone', async () => {
    const hook = await newWebhook(['ticket.created'], {
      reply: (_req, n) => (n === 1 ? { status: 503, headers: { 'Retry-After': '3600' } } : { status: 410 }),
    });
    await newTicket();
    const retrying = await newestDelivery(hook.id, attempted(1));

    const res = await redeliver(hook.id, retrying.id);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'retrying', attempt_count: 2, next_attempt_at: retrying.next_attempt_at, delivered_at: null });
    expect(res.body.data.attempts.map((a) => a.response_status)).toEqual([503, 410]);
    expect(await getWebhook(hook.id)).toMatchObject({ active: true, disabled_reason: null });
    expect(await jobsFor(retrying.id)).toBe(2);
  });

  it('answers 404 for an unknown delivery, a delivery of another webhook and an unknown webhook, and sends nothing', async () => {
    const { hook, delivery } = await deliveredOnce();
    const other = await newWebhook(['customer.created']);

    expectError(await redeliver(hook.id, 999_999), { status: 404, code: 'NOT_FOUND', message: 'Delivery not found' });
    expectError(await redeliver(other.id, delivery.id), { status: 404, code: 'NOT_FOUND', message: 'Delivery not found' });
    expectError(await redeliver(999_999, delivery.id), { status: 404, code: 'NOT_FOUND', message: 'Webhook not found' });
    expect(receiver.at(hook.path)).toHaveLength(1);
    expect(receiver.at(other.path)).toEqual([]);
  });

  it('answers 409 while an attempt at the delivery is under way', async () => {
    const { hook, delivery } = await deliveredOnce();
    await getDb()
      .update(webhookDeliveries)
      .set({ lockedUntil: new Date(Date.now() + 30_000) })
      .where(eq(webhookDeliveries.id, delivery.id));

    expectError(await redeliver(hook.id, delivery.id), {
      status: 409,
      code: 'CONFLICT',
      message: 'An attempt at this delivery is under way; try again when it has finished',
    });
    expect(receiver.at(hook.path)).toHaveLength(1);
  });

  it('answers 401 without a key and 403 to a write key, and sends nothing', async () => {
    const { hook, delivery } = await deliveredOnce();

    expectError(await redeliver(hook.id, delivery.id, null), unauthorized);
    expectError(await redeliver(hook.id, delivery.id, writeKey), forbidden);
    expect(receiver.at(hook.path)).toHaveLength(1);
  });
});

describe('POST /api/v1/webhooks/{id}/test', () => {
  const ping = (webhookId: number, key: string | null = adminKey) =>
    call<DeliveryJson>('POST', `/api/v1/webhooks/${webhookId}/test`, { key: key ?? undefined });

  it("sends a ping now and answers with its delivery and the attempt's result, keeping the first 2 KB of the response", async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 200, body: 'x'.repeat(5 * 1024) }) });
    const webhookNow = await getWebhook(hook.id);

    const res = await ping(hook.id);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        webhook_id: hook.id,
        event_id: expect.any(Number),
        event: 'ping',
        status: 'succeeded',
        attempt_count: 1,
        next_attempt_at: null,
        delivered_at: expect.stringMatching(isoSeconds),
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
        attempts: [anAttempt({ response_status: 200, response_body: 'x'.repeat(2048) })],
        request_body: expect.any(String),
      },
    });
    const [request] = receiver.at(hook.path);
    expect(receiver.at(hook.path)).toHaveLength(1);
    expect(header(request!, 'x-loopdesk-event')).toBe('ping');
    expect(header(request!, 'x-loopdesk-delivery')).toBe(String(res.body.data.id));
    expect(JSON.parse(request!.body)).toEqual({
      id: res.body.data.event_id,
      event: 'ping',
      timestamp: expect.stringMatching(isoSeconds),
      data: { webhook: webhookNow },
    });
    expect(referenceVerifies(request!.body, header(request!, 'x-loopdesk-signature'), hook.secret)).toBe(true);
    const { request_body: sent, ...logged } = res.body.data as DeliveryJson & { request_body: string };
    expect(sent).toBe(request!.body);
    expect(await deliveriesOf(hook.id, '?event=ping')).toEqual([logged]);
  });

  it('answers 200 with a failed delivery when the ping fails, and neither retries it nor switches the webhook off', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 410, body: 'gone' }) });

    const res = await ping(hook.id);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ event: 'ping', status: 'failed', attempt_count: 1, next_attempt_at: null, delivered_at: null });
    expect(res.body.data.attempts).toEqual([anAttempt({ response_status: 410, response_body: 'gone', error: 'http_error', error_message: 'HTTP 410' })]);
    expect(await jobsFor(res.body.data.id)).toBe(0);
    expect(await getWebhook(hook.id)).toMatchObject({ active: true, disabled_reason: null });
    expect((await webhookRow(hook.id)).failingSince).toBeNull();
  });

  it('pings an inactive webhook too', async () => {
    const hook = await newWebhook(['ticket.created'], { active: false });

    const res = await ping(hook.id);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ event: 'ping', status: 'succeeded', attempt_count: 1 });
    expect(receiver.at(hook.path).map((r) => header(r, 'x-loopdesk-event'))).toEqual(['ping']);
    expect((await getWebhook(hook.id)).active).toBe(false);
  });

  it('answers 404 for an unknown webhook', async () => {
    expectError(await ping(999_999), { status: 404, code: 'NOT_FOUND', message: 'Webhook not found' });
  });

  it('answers 401 without a key and 403 to a write key, and sends nothing', async () => {
    const hook = await newWebhook(['ticket.created']);

    expectError(await ping(hook.id, null), unauthorized);
    expectError(await ping(hook.id, writeKey), forbidden);
    expect(receiver.at(hook.path)).toEqual([]);
  });
});

describe('the delivery log while attempts are being recorded', () => {
  it('never shows a delivery half recorded, however often it is read', async () => {
    const hook = await newWebhook(['ticket.created']);
    const tickets = 40;
    const seen: DeliveryJson[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const res = await call<DeliveryJson[]>('GET', `/api/v1/webhooks/${hook.id}/deliveries?per_page=100`, { key: adminKey });
        seen.push(...res.body.data);
      }
    })();
    for (let i = 0; i < tickets; i++) await newTicket({ subject: `Ticket ${i}` });
    await eventually(async () => {
      const list = await deliveriesOf(hook.id, '?per_page=100&status=succeeded');
      return list.length === tickets;
    });
    reading = false;
    await reader;

    const torn = seen.filter((d) => d.attempts.length !== d.attempt_count || (d.status === 'pending') !== (d.attempt_count === 0));
    expect(torn).toEqual([]);
    expect(seen.length).toBeGreaterThan(tickets);
  });
});

describe('GET /api/v1/webhooks/{id}/deliveries', () => {
  // One webhook with a delivery in each state: succeeded (customer.created, customer.updated),
  // retrying (ticket.created, told to come back in an hour), failed (a ping) and pending (agent.created).
  let hook: Awaited<ReturnType<typeof newWebhook>>;
  let ids: Record<'customerCreated' | 'ticketCreated' | 'ping' | 'customerUpdated' | 'agentCreated', number>;

  beforeAll(async () => {
    hook = await newWebhook(['*'], {
      reply: (req) => {
        const event = header(req, 'x-loopdesk-event');
        if (event === 'ticket.created') return { status: 503, headers: { 'Retry-After': '3600' } };
        if (event === 'ping') return { status: 500 };
        return { status: 200 };
      },
    });
    const customer = await api<{ id: number }>('POST', '/api/v1/customers', { first_name: 'Ana', email: email('ana') });
    await newestDelivery(hook.id, (d) => d.status === 'succeeded');
    await newTicket();
    await newestDelivery(hook.id, (d) => d.status === 'retrying');
    const pinged = await call<DeliveryJson>('POST', `/api/v1/webhooks/${hook.id}/test`, { key: adminKey });
    await api('PUT', `/api/v1/customers/${customer.id}`, { title: 'CTO' });
    await newestDelivery(hook.id, (d) => d.event === 'customer.updated' && d.status === 'succeeded');

    // A delivery not attempted yet: the worker attempts those that fan-out makes at once, so this one
    // is for an event made while the webhook was off, due in an hour.
    await getDb().update(webhooks).set({ active: false }).where(eq(webhooks.id, hook.id));
    await api('POST', '/api/v1/agents', { first_name: 'Kim', email: email('kim') }, adminKey);
    const [agentEvent] = await getDb().execute<{ id: number }>(sql`select id::int from events where type = 'agent.created' order by id desc limit 1`);
    await getDb().update(webhooks).set({ active: true }).where(eq(webhooks.id, hook.id));
    const [pending] = await getDb()
      .insert(webhookDeliveries)
      .values({ webhookId: hook.id, eventId: agentEvent!.id, eventType: 'agent.created', nextAttemptAt: new Date(Date.now() + 3_600_000) })
      .returning();

    const all = await deliveriesOf(hook.id);
    const idOf = (event: string) => all.find((d) => d.event === event)!.id;
    ids = {
      customerCreated: idOf('customer.created'),
      ticketCreated: idOf('ticket.created'),
      ping: pinged.body.data.id,
      customerUpdated: idOf('customer.updated'),
      agentCreated: pending!.id,
    };
  });

  const list = (query: string, key: string | null = adminKey) =>
    call<DeliveryJson[]>('GET', `/api/v1/webhooks/${hook.id}/deliveries${query}`, { key: key ?? undefined });

  it('lists deliveries newest first, each with its attempts oldest first, in the pagination envelope', async () => {
    const res = await list('');

    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 5, total_pages: 1, has_next: false, has_prev: false });
    expect(res.body.data.map((d) => d.id)).toEqual([ids.agentCreated, ids.customerUpdated, ids.ping, ids.ticketCreated, ids.customerCreated]);
    expect(res.body.data.map((d) => [d.event, d.status, d.attempt_count])).toEqual([
      ['agent.created', 'pending', 0],
      ['customer.updated', 'succeeded', 1],
      ['ping', 'failed', 1],
      ['ticket.created', 'retrying', 1],
      ['customer.created', 'succeeded', 1],
    ]);
    expect(res.body.data[0]).toEqual({
      id: ids.agentCreated,
      webhook_id: hook.id,
      event_id: expect.any(Number),
      event: 'agent.created',
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: expect.stringMatching(isoSeconds),
      delivered_at: null,
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
      attempts: [],
    });
    const retrying = res.body.data[3]!;
    expect(retrying.attempts).toEqual([anAttempt({ response_status: 503, response_body: '', error: 'http_error', error_message: 'HTTP 503' })]);
    // Retry-After: 3600 is honoured to the second, give or take the rounding of both times.
    expect(Math.abs(ms(retrying.next_attempt_at) - ms(retrying.attempts[0]!.attempted_at) - 3_600_000)).toBeLessThanOrEqual(1_000);
  });

  it('pages through the deliveries', async () => {
    const first = await list('?per_page=2');
    const last = await list('?per_page=2&page=3');

    expect(first.body.data.map((d) => d.id)).toEqual([ids.agentCreated, ids.customerUpdated]);
    expect(first.body.pagination).toEqual({ current_page: 1, per_page: 2, total: 5, total_pages: 3, has_next: true, has_prev: false });
    expect(last.body.data.map((d) => d.id)).toEqual([ids.customerCreated]);
    expect(last.body.pagination).toEqual({ current_page: 3, per_page: 2, total: 5, total_pages: 3, has_next: false, has_prev: true });
  });

  it.each([
    ['status=succeeded', ['customerUpdated', 'customerCreated']],
    ['status=failed', ['ping']],
    ['status=retrying', ['ticketCreated']],
    ['status=pending', ['agentCreated']],
    ['status=pending,retrying', ['agentCreated', 'ticketCreated']],
    ['event=ticket.created', ['ticketCreated']],
    ['event=ping', ['ping']],
    ['event=customer.created,customer.updated', ['customerUpdated', 'customerCreated']],
    ['status=succeeded&event=customer.created', ['customerCreated']],
    ['status=failed&event=ticket.created', []],
  ] as const)('filters by %s', async (query, expected) => {
    const res = await list(`?${query}`);

    expect(res.status).toBe(200);
    expect(res.body.data.map((d) => d.id)).toEqual(expected.map((name) => ids[name]));
    expect(res.body.pagination.total).toBe(expected.length);
  });

  it('answers one delivery with its attempts and the exact request body at GET .../deliveries/{delivery_id}', async () => {
    const res = await call<DeliveryJson & { request_body: string }>('GET', `/api/v1/webhooks/${hook.id}/deliveries/${ids.ticketCreated}`, { key: adminKey });
    const [listed] = (await list('?status=retrying')).body.data;

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { ...listed, request_body: expect.any(String) } });
    expect(JSON.parse(res.body.data.request_body)).toMatchObject({ id: listed!.event_id, event: 'ticket.created', data: { ticket: expect.any(Object) } });
  });

  it('answers 400 VALIDATION_ERROR for an unknown status or event', async () => {
    const statusError = await list('?status=succeeded,delivered');
    const eventError = await list('?event=ticket.deleted');

    expectValidationError(statusError, [{ field: 'status', message: 'Status must be one of: pending, retrying, succeeded, failed' }]);
    expectValidationError(eventError, [{ field: 'event', message: `Event must be one of: ${[...webhookEvents, 'ping'].join(', ')}` }]);
  });

  it('answers 404 for an unknown webhook, and for a delivery of another webhook', async () => {
    const other = await newWebhook(['agent.created']);
    const unknownWebhook = await call('GET', '/api/v1/webhooks/999999/deliveries', { key: adminKey });
    expectError(unknownWebhook, { status: 404, code: 'NOT_FOUND', message: 'Webhook not found' });
    expectError(await call('GET', `/api/v1/webhooks/${other.id}/deliveries/${ids.customerCreated}`, { key: adminKey }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'Delivery not found',
    });
  });

  it('answers 401 without a key and 403 to a read or write key', async () => {
    expectError(await list('', null), unauthorized);
    for (const key of [readKey, writeKey]) expectError(await list('', key), forbidden);
  });
});
