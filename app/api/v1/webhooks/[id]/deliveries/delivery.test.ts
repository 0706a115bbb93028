import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhookDeliveries, webhookDeliveryAttempts, webhooks } from '@/db/schema';
import { referenceVerifies } from '@/lib/test/reference-verifier';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { eventually, startReceiver, type Receiver, type ReceivedRequest } from '@/lib/test/webhook-receiver';
import type { TicketJson } from '@/lib/tickets/serialize';
import type { DeliveryJson } from '@/lib/webhooks/deliveries';
import { DELIVERY_QUEUE } from '@/lib/webhooks/queue';
import { webhookEvents } from '@/lib/webhooks/schema';
import type { WebhookJson } from '@/lib/webhooks/serialize';
import { startWebhookWorker, type WebhookWorker } from '@/lib/webhooks/worker';

/**
 * Deliveries end to end: events made through the public API, a real worker on the pg-boss queue,
 * and a real HTTP receiver on 127.0.0.1 (allowed below, as an integrator's local setup would).
 */
// Configuration is read once per test file, at the first use: set it before any.
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

type WebhookWithSecret = WebhookJson & { secret: string };
type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
/** How a path answers: `n` counts the requests to it, this one included. */
type Replier = (req: ReceivedRequest, n: number) => Reply;

let adminKey: string;
let writeKey: string;
let readKey: string;
let receiver: Receiver;
let worker: WebhookWorker;
const repliers = new Map<string, Replier>();

beforeAll(async () => {
  [adminKey, writeKey, readKey] = await Promise.all([createKey('admin'), createKey('write'), createKey('read')]);
  receiver = await startReceiver();
  receiver.respondWith((req) => repliers.get(req.url)?.(req, receiver.at(req.url).length) ?? { status: 200, body: 'ok' });
  worker = await startWebhookWorker({ pollingIntervalSeconds: 0.5 });
});

// Every event fans out to every active webhook: switch each test's webhooks off after it, so the
// next test's events reach only its own.
afterEach(async () => {
  await getDb().update(webhooks).set({ active: false });
});

afterAll(async () => {
  await worker.stop();
  await receiver.close();
});

let pathCount = 0;

/** A webhook on a path of its own at the receiver, answering as `reply` says (200 "ok" by default). */
async function newWebhook(events: string[], options: { reply?: Replier; active?: boolean; name?: string } = {}) {
  const path = `/${options.name ?? 'hook'}-${++pathCount}`;
  if (options.reply) repliers.set(path, options.reply);
  const res = await call<WebhookWithSecret>('POST', '/api/v1/webhooks', {
    key: adminKey,
    body: { url: receiver.url(path), events, active: options.active ?? true },
  });
  expect(res.status).toBe(201);
  return { ...res.body.data, path };
}

let emailCount = 0;
const email = (who: string) => `${who}-${++emailCount}@acme.example`;

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, key = writeKey) {
  const res = await call<T>(method, path, { key, body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.data;
}

const newTicket = (body: Record<string, unknown> = {}) =>
  api<TicketJson>('POST', '/api/v1/tickets', { subject: 'Unable to login to account', ...body });
const readTicket = (id: number) => api<TicketJson>('GET', `/api/v1/tickets/${id}`, undefined, readKey);

async function deliveriesOf(webhookId: number, query = ''): Promise<DeliveryJson[]> {
  const res = await call<DeliveryJson[]>('GET', `/api/v1/webhooks/${webhookId}/deliveries${query}`, { key: adminKey });
  expect(res.status).toBe(200);
  // Whenever it is read, a delivery's log is whole: as many attempts as attempt_count says.
  for (const d of res.body.data) expect(d.attempts, `attempts of delivery ${d.id}`).toHaveLength(d.attempt_count);
  return res.body.data;
}

/** The webhook's newest delivery once `ready` holds for it. */
function newestDelivery(webhookId: number, ready: (d: DeliveryJson) => boolean, timeoutMs?: number): Promise<DeliveryJson> {
  return eventually(async () => {
    const [newest] = await deliveriesOf(webhookId);
    return newest && ready(newest) && newest;
  }, timeoutMs);
}

const attempted = (count: number) => (d: DeliveryJson) => d.attempts.length >= count;
const requestsTo = (path: string, count = 1) => eventually(() => receiver.at(path).length >= count && receiver.at(path));

async function webhookRow(id: number) {
  const [row] = await getDb().select().from(webhooks).where(eq(webhooks.id, id));
  return row!;
}

const getWebhook = (id: number) => api<WebhookJson>('GET', `/api/v1/webhooks/${id}`, undefined, adminKey);

/** Jobs pg-boss holds (or held) for a delivery: one per scheduled attempt. */
async function jobsFor(deliveryId: number): Promise<number> {
  const [row] = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = ${DELIVERY_QUEUE} and (data->>'deliveryId')::int = ${deliveryId}`,
  );
  return row!.n;
}

const ms = (iso: string | null) => Date.parse(iso!);

type AttemptJson = DeliveryJson['attempts'][number];
/** An attempt as the delivery log shows it; the time and duration are whatever they were. */
const anAttempt = (fields: Partial<AttemptJson>): AttemptJson => ({
  attempted_at: expect.stringMatching(isoSeconds),
  duration_ms: expect.any(Number),
  response_status: null,
  response_body: null,
  error: null,
  error_message: null,
  ...fields,
});

const unauthorized = { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' };
const forbidden = { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' };


/** The Node twin of the reference's function, as the README shows integrators. */
function nodeVerifies(payload: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(payload, 'utf8').digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Standard Webhooks, recomputed from the spec: the key is the base64 after `whsec_`, the content `{id}.{timestamp}.{body}`. */
function standardSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`;
}

const header = (req: ReceivedRequest, name: string) => String(req.headers[name]);

describe('fan-out', () => {
  it('delivers each of the eight event types to the webhooks subscribed to it, all of them to ["*"], and none to an inactive webhook', async () => {
    const only = new Map<string, Awaited<ReturnType<typeof newWebhook>>>();
    for (const event of webhookEvents) only.set(event, await newWebhook([event], { name: event }));
    const everything = await newWebhook(['*'], { name: 'all' });
    const inactive = await newWebhook(['*'], { name: 'inactive', active: false });

    const customer = await api<{ id: number }>('POST', '/api/v1/customers', { first_name: 'John', last_name: 'Smith', email: email('john') });
    await api('PUT', `/api/v1/customers/${customer.id}`, { title: 'IT Manager' });
    const agent = await api<{ id: number }>('POST', '/api/v1/agents', { first_name: 'Sarah', last_name: 'Johnson', email: email('sarah') }, adminKey);
    const ticket = await newTicket({ customer_id: customer.id });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { priority: 'high' });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { assigned_agent_id: agent.id });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { status: 'closed' });

    const expected: Record<string, number> = {
      'ticket.created': 1,
      'ticket.updated': 4,
      'ticket.resolved': 1,
      'ticket.closed': 1,
      'ticket.assigned': 1,
      'customer.created': 1,
      'customer.updated': 1,
      'agent.created': 1,
    };
    const allEvents = Object.entries(expected).flatMap(([event, n]) => Array<string>(n).fill(event));
    const hookIds = [...only.values(), everything, inactive].map((h) => h.id);
    // Every delivery is written with its event, so once none is left to attempt, every request has been made.
    await eventually(async () => {
      const open = await getDb()
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(inArray(webhookDeliveries.webhookId, hookIds), ne(webhookDeliveries.status, 'succeeded')));
      return receiver.at(everything.path).length === allEvents.length && open.length === 0;
    });

    const eventsAt = (path: string) => receiver.at(path).map((r) => header(r, 'x-loopdesk-event')).sort();
    for (const [event, hook] of only) {
      expect(eventsAt(hook.path), event).toEqual(Array<string>(expected[event]!).fill(event));
      expect(receiver.at(hook.path).map((r) => JSON.parse(r.body).event)).toEqual(Array<string>(expected[event]!).fill(event));
    }
    expect(eventsAt(everything.path)).toEqual([...allEvents].sort());
    expect(receiver.at(inactive.path)).toEqual([]);
    expect(await deliveriesOf(inactive.id)).toEqual([]);
  });

  it('stops delivering to a webhook switched off with PUT, and resumes when it is switched on again', async () => {
    const hook = await newWebhook(['ticket.created']);
    await api('PUT', `/api/v1/webhooks/${hook.id}`, { active: false }, adminKey);
    await newTicket({ subject: 'Sent while off' });
    await api('PUT', `/api/v1/webhooks/${hook.id}`, { active: true }, adminKey);
    await newTicket({ subject: 'Sent while on' });

    const [request] = await requestsTo(hook.path);
    expect(JSON.parse(request!.body).data.ticket.subject).toBe('Sent while on');
    expect((await deliveriesOf(hook.id)).map((d) => d.event)).toEqual(['ticket.created']);
  });
});

describe('the request', () => {
  it('POSTs the reference payload, with the ticket as GET returns it, and our headers beside the Standard Webhooks ones', async () => {
    const hook = await newWebhook(['ticket.created']);
    const before = Math.floor(Date.now() / 1000);
    const created = await newTicket({ subject: 'Café au lait — ünïcödé ✓ 🎫', priority: 'high', tags: ['login', 'urgent'] });
    const asReadNow = await readTicket(created.id);

    const [request] = await requestsTo(hook.path);
    const after = Math.ceil(Date.now() / 1000);
    const [delivery] = await deliveriesOf(hook.id);
    const { host, ...headers } = request!.headers;

    expect(request!.method).toBe('POST');
    expect(host).toBe(new URL(receiver.url()).host);
    expect(headers).toEqual({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(request!.body)),
      'user-agent': 'Loopdesk-Webhooks/1',
      'x-loopdesk-event': 'ticket.created',
      'x-loopdesk-delivery': String(delivery!.id),
      'x-loopdesk-timestamp': expect.stringMatching(/^\d{10}$/),
      'x-loopdesk-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      'webhook-id': String(delivery!.id),
      'webhook-timestamp': headers['x-loopdesk-timestamp'],
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
      connection: 'close',
    });
    const timestamp = Number(headers['x-loopdesk-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);

    const body = JSON.parse(request!.body);
    expect(Object.keys(body)).toEqual(['id', 'event', 'timestamp', 'data']);
    expect(body).toEqual({ id: delivery!.event_id, event: 'ticket.created', timestamp: created.created_at, data: { ticket: asReadNow } });
    expect(body.timestamp).toMatch(isoSeconds);
  });

  it('carries the customer and the agent as GET returns them', async () => {
    const customerHook = await newWebhook(['customer.created']);
    const agentHook = await newWebhook(['agent.created']);
    const priya = { first_name: 'Priya', last_name: 'Patel', email: email('priya'), organization: 'Acme Corporation' };
    const miguel = { first_name: 'Miguel', last_name: 'Santos', email: email('miguel'), skills: ['billing'] };
    const customer = await api<{ id: number }>('POST', '/api/v1/customers', priya);
    const agent = await api<{ id: number }>('POST', '/api/v1/agents', miguel, adminKey);
    const customerNow = await api('GET', `/api/v1/customers/${customer.id}`, undefined, readKey);
    const agentNow = await api('GET', `/api/v1/agents/${agent.id}`, undefined, readKey);

    const [customerRequest] = await requestsTo(customerHook.path);
    const [agentRequest] = await requestsTo(agentHook.path);
    const envelope = { id: expect.any(Number), timestamp: expect.stringMatching(isoSeconds) };
    expect(JSON.parse(customerRequest!.body)).toEqual({ ...envelope, event: 'customer.created', data: { customer: customerNow } });
    expect(JSON.parse(agentRequest!.body)).toEqual({ ...envelope, event: 'agent.created', data: { agent: agentNow } });
  });

  it("sends only the ticket in data on ticket.updated, as the reference's payload shows", async () => {
    const ticket = await newTicket();
    const hook = await newWebhook(['ticket.updated']);
    await api('PUT', `/api/v1/tickets/${ticket.id}`, { priority: 'urgent', tags: ['vip'] });
    const asReadNow = await readTicket(ticket.id);

    const [request] = await requestsTo(hook.path);
    expect(JSON.parse(request!.body)).toEqual({
      id: expect.any(Number),
      event: 'ticket.updated',
      timestamp: asReadNow.updated_at,
      data: { ticket: asReadNow },
    });
  });
});

describe('signatures', () => {
  it("signs the raw body so that the reference's own Python function, its Node twin and Standard Webhooks all verify it", async () => {
    const hook = await newWebhook(['ticket.created']);
    await newTicket({ subject: 'Signé: ünïcödé ✓ 🎫 "quoted" \\ back\\slash' });
    const [request] = await requestsTo(hook.path);
    const body = request!.body;
    const signature = header(request!, 'x-loopdesk-signature');

    expect(referenceVerifies(body, signature, hook.secret)).toBe(true);
    expect(nodeVerifies(body, signature, hook.secret)).toBe(true);
    const id = header(request!, 'webhook-id');
    const timestamp = header(request!, 'webhook-timestamp');
    expect(header(request!, 'webhook-signature')).toBe(standardSignature(hook.secret, id, timestamp, body));
    // What a Standard Webhooks library checks besides the signature: a timestamp within 5 minutes.
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  });

  it('fails every verification of a tampered body or with another secret', async () => {
    const hook = await newWebhook(['ticket.created']);
    await newTicket({ subject: 'Refund of 10 EUR' });
    const [request] = await requestsTo(hook.path);
    const tampered = request!.body.replace('Refund of 10 EUR', 'Refund of 99 EUR');
    expect(tampered).not.toBe(request!.body);
    const signature = header(request!, 'x-loopdesk-signature');
    const id = header(request!, 'webhook-id');
    const timestamp = header(request!, 'webhook-timestamp');
    const otherSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

    expect(referenceVerifies(tampered, signature, hook.secret)).toBe(false);
    expect(nodeVerifies(tampered, signature, hook.secret)).toBe(false);
    expect(header(request!, 'webhook-signature')).not.toBe(standardSignature(hook.secret, id, timestamp, tampered));
    expect(referenceVerifies(request!.body, signature, otherSecret)).toBe(false);
    expect(header(request!, 'webhook-signature')).not.toBe(standardSignature(otherSecret, id, timestamp, request!.body));
  });

  it('signs with the new secret and, for the 24 hours of overlap, with the old one too after rotate-secret', async () => {
    const hook = await newWebhook(['ticket.created']);
    const rotated = await api<WebhookWithSecret>('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, undefined, adminKey);
    expect(rotated.secret).not.toBe(hook.secret);
    await newTicket({ subject: 'After the rotation' });

    const [request] = await requestsTo(hook.path);
    const body = request!.body;
    const id = header(request!, 'webhook-id');
    const timestamp = header(request!, 'webhook-timestamp');
    expect(referenceVerifies(body, header(request!, 'x-loopdesk-signature'), rotated.secret)).toBe(true);
    expect(referenceVerifies(body, header(request!, 'x-loopdesk-signature'), hook.secret)).toBe(false);
    expect(referenceVerifies(body, header(request!, 'x-loopdesk-signature-previous'), hook.secret)).toBe(true);
    expect(header(request!, 'webhook-signature').split(' ')).toEqual([
      standardSignature(rotated.secret, id, timestamp, body),
      standardSignature(hook.secret, id, timestamp, body),
    ]);
  });
});

describe('retries', () => {
  const retryTimeout = { timeout: 40_000 };

  it('retries a delivery that got a 500 about 10 s later, with the same delivery id and body, and logs both attempts', retryTimeout, async () => {
    const hook = await newWebhook(['ticket.created'], {
      reply: (_req, n) => (n === 1 ? { status: 500, body: 'Internal Server Error' } : { status: 200, body: 'thanks' }),
    });
    await newTicket();

    const retrying = await newestDelivery(hook.id, attempted(1));
    expect(retrying).toEqual({
      id: expect.any(Number),
      webhook_id: hook.id,
      event_id: expect.any(Number),
      event: 'ticket.created',
      status: 'retrying',
      attempt_count: 1,
      next_attempt_at: expect.stringMatching(isoSeconds),
      delivered_at: null,
      created_at: expect.stringMatching(isoSeconds),
      updated_at: expect.stringMatching(isoSeconds),
      attempts: [anAttempt({ response_status: 500, response_body: 'Internal Server Error', error: 'http_error', error_message: 'HTTP 500' })],
    });
    // 10 s ± 20 %, give or take the second the times are rounded to.
    const wait = ms(retrying.next_attempt_at) - ms(retrying.attempts[0]!.attempted_at);
    expect(wait).toBeGreaterThanOrEqual(7_000);
    expect(wait).toBeLessThanOrEqual(13_000);

    const [first, second] = await requestsTo(hook.path, 2);
    const gap = second!.receivedAt - first!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(7_900);
    expect(gap).toBeLessThanOrEqual(13_500);
    expect(header(second!, 'x-loopdesk-delivery')).toBe(String(retrying.id));
    expect(header(first!, 'x-loopdesk-delivery')).toBe(String(retrying.id));
    expect(header(second!, 'webhook-id')).toBe(String(retrying.id));
    expect(second!.body).toBe(first!.body);
    expect(Number(header(second!, 'x-loopdesk-timestamp'))).toBeGreaterThan(Number(header(first!, 'x-loopdesk-timestamp')));

    const succeeded = await newestDelivery(hook.id, (d) => d.status === 'succeeded');
    expect(succeeded).toEqual({
      ...retrying,
      status: 'succeeded',
      attempt_count: 2,
      next_attempt_at: null,
      delivered_at: succeeded.attempts[1]!.attempted_at,
      updated_at: expect.stringMatching(isoSeconds),
      attempts: [retrying.attempts[0], anAttempt({ response_status: 200, response_body: 'thanks' })],
    });
    expect(receiver.at(hook.path)).toHaveLength(2);
    expect((await webhookRow(hook.id)).failingSince).toBeNull();
  });

  it('logs a receiver that answers after more than 10 s as a timeout, and retries', { timeout: 25_000 }, async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 200, delayMs: 11_000 }) });
    await newTicket();

    const delivery = await newestDelivery(hook.id, attempted(1), 20_000);
    expect(delivery).toMatchObject({ status: 'retrying', attempt_count: 1, next_attempt_at: expect.stringMatching(isoSeconds), delivered_at: null });
    expect(delivery.attempts).toEqual([anAttempt({ error: 'timeout', error_message: 'No response within 10 s' })]);
    expect(delivery.attempts[0]!.duration_ms).toBeGreaterThanOrEqual(10_000);
    expect(delivery.attempts[0]!.duration_ms).toBeLessThan(11_000);
  });

  it.each([
    ['503', 'a number of seconds', () => '1'],
    ['429', 'an HTTP-date', () => new Date(Date.now() + 2_000).toUTCString()],
  ])('honours Retry-After on a %s given as %s, well before the 10 s the schedule says', async (status, _form, retryAfter) => {
    const hook = await newWebhook(['ticket.created'], {
      reply: (_req, n) => (n === 1 ? { status: Number(status), headers: { 'Retry-After': retryAfter() }, body: 'busy' } : { status: 204 }),
    });
    await newTicket();

    const [first, second] = await requestsTo(hook.path, 2);
    const gap = second!.receivedAt - first!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(5_000);
    const delivery = await newestDelivery(hook.id, (d) => d.status === 'succeeded');
    expect(delivery.attempts.map((a) => [a.response_status, a.error])).toEqual([
      [Number(status), 'http_error'],
      [204, null],
    ]);
  });

  it.each([301, 302, 307, 308])('counts a %i redirect as a failed attempt and does not follow it', async (status) => {
    const elsewhere = `/moved-${status}`;
    const location = receiver.url(elsewhere);
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status, headers: { Location: location } }) });
    await newTicket();

    const delivery = await newestDelivery(hook.id, attempted(1));
    expect(delivery).toMatchObject({ status: 'retrying', attempt_count: 1 });
    expect(delivery.attempts).toEqual([
      anAttempt({
        response_status: status,
        response_body: '',
        error: 'redirect',
        error_message: `HTTP ${status}: redirects are not followed (Location: ${location})`,
      }),
    ]);
    // The attempt is recorded once its request is over: a followed redirect would have arrived by now.
    expect(receiver.at(elsewhere)).toEqual([]);
    expect(receiver.at(hook.path)).toHaveLength(1);
  });
});

describe("a webhook's health", () => {
  it('switches a webhook off at once when its endpoint answers 410 Gone, and fans no later event out to it', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 410, body: 'gone' }) });
    await newTicket();

    const delivery = await newestDelivery(hook.id, attempted(1));
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: 1, next_attempt_at: null, delivered_at: null });
    expect(delivery.attempts[0]).toMatchObject({ response_status: 410, response_body: 'gone', error: 'http_error', error_message: 'HTTP 410' });
    const webhook = await getWebhook(hook.id);
    expect(webhook).toMatchObject({
      active: false,
      disabled_reason: `The endpoint answered 410 Gone at ${delivery.attempts[0]!.attempted_at}; deliveries stopped`,
    });
    expect(await jobsFor(delivery.id)).toBe(1);

    await newTicket({ subject: 'After the webhook was switched off' });
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
    expect(receiver.at(hook.path)).toHaveLength(1);
  });

  it('starts a failing streak at the first failed attempt and keeps the webhook on', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 500 }) });
    await newTicket();

    const delivery = await newestDelivery(hook.id, attempted(1));
    const [attempt] = await getDb().select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, delivery.id));
    expect((await webhookRow(hook.id)).failingSince).toEqual(attempt!.attemptedAt);
    expect(await getWebhook(hook.id)).toMatchObject({ active: true, disabled_reason: null });
  });

  it('switches a webhook off, saying why, when its deliveries have failed for three days', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 500 }) });
    const since = new Date(Date.now() - 3 * 86_400_000 - 60_000);
    await getDb().update(webhooks).set({ failingSince: since }).where(eq(webhooks.id, hook.id));
    await newTicket();

    const delivery = await newestDelivery(hook.id, attempted(1));
    const at = delivery.attempts[0]!.attempted_at;
    const webhook = await getWebhook(hook.id);
    expect(webhook.active).toBe(false);
    expect(webhook.disabled_reason).toBe(
      `Deliveries failed for 3 days in a row since ${since.toISOString().replace(/\.\d{3}Z$/, 'Z')} (last: HTTP 500); switched off at ${at}`,
    );

    await newTicket({ subject: 'After the webhook was switched off' });
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
  });

  it('keeps a webhook on whose failures began less than three days ago', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: () => ({ status: 500 }) });
    const since = new Date(Date.now() - 3 * 86_400_000 + 5 * 60_000);
    await getDb().update(webhooks).set({ failingSince: since }).where(eq(webhooks.id, hook.id));
    await newTicket();

    await newestDelivery(hook.id, attempted(1));
    expect(await getWebhook(hook.id)).toMatchObject({ active: true, disabled_reason: null });
    expect((await webhookRow(hook.id)).failingSince).toEqual(since);
  });

  it('ends a failing streak with a successful delivery', async () => {
    const hook = await newWebhook(['ticket.created']);
    await getDb()
      .update(webhooks)
      .set({ failingSince: new Date(Date.now() - 2 * 86_400_000) })
      .where(eq(webhooks.id, hook.id));
    await newTicket();

    await newestDelivery(hook.id, (d) => d.status === 'succeeded');
    expect((await webhookRow(hook.id)).failingSince).toBeNull();
  });

  it('clears disabled_reason when an admin switches the webhook on again', async () => {
    const hook = await newWebhook(['ticket.created'], { reply: (_req, n) => (n === 1 ? { status: 410 } : { status: 200 }) });
    await newTicket();
    await eventually(async () => !(await getWebhook(hook.id)).active);

    const res = await api<WebhookJson>('PUT', `/api/v1/webhooks/${hook.id}`, { active: true }, adminKey);
    expect(res).toMatchObject({ active: true, disabled_reason: null });
    await newTicket({ subject: 'After switching it on again' });
    const [, second] = await requestsTo(hook.path, 2);
    expect(JSON.parse(second!.body).data.ticket.subject).toBe('After switching it on again');
  });
});

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
    expect(res.body.data.attempts).toEqual([
      anAttempt({ response_status: 410, response_body: 'gone', error: 'http_error', error_message: 'HTTP 410' }),
    ]);
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
