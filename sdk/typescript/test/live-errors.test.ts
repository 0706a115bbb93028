import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, test } from 'node:test';
import { Loopdesk } from '../src/index.js';
import { startServer, type TestServer } from './support/http.js';
import { rejection } from './support/rejection.js';
import { liveClient, liveDesk, recordingFetch, unique } from './support/live.js';

const { loopdesk, baseUrl } = liveDesk();
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

test('turns a 404 into a LoopdeskError carrying the code and the X-Request-Id', async () => {
  const recorder = recordingFetch();
  const client = liveClient({ fetch: recorder.fetch });
  const error = await rejection(client.GET('/api/v1/tickets/{id}', { params: { path: { id: 2_147_483_647 } } }));
  assert.equal(error.status, 404);
  assert.equal(error.code, 'NOT_FOUND');
  assert.ok(error.message.length > 0, 'a message');
  assert.equal(error.details, undefined);
  assert.equal(error.retryAfter, undefined);
  const [exchange] = recorder.exchanges;
  assert.ok(error.requestId, 'a request id');
  assert.equal(error.requestId, exchange!.response.headers.get('X-Request-Id'));
  assert.equal(recorder.exchanges.length, 1, 'a 404 is not retried');
  assert.deepEqual(Object.keys(error.body as object).sort(), ['error', 'success', 'timestamp']);
});

test('turns a 400 VALIDATION_ERROR into a LoopdeskError naming each invalid field', async () => {
  const recorder = recordingFetch();
  const client = liveClient({ fetch: recorder.fetch });
  const error = await rejection(client.POST('/api/v1/tickets', { body: { subject: '', due_date: 'next tuesday' } }));
  assert.equal(error.status, 400);
  assert.equal(error.code, 'VALIDATION_ERROR');
  assert.ok(error.details, 'details lists the fields');
  const fields = error.details.map((detail) => detail.field);
  assert.ok(fields.includes('subject'), `fields: ${fields.join(', ')}`);
  assert.ok(fields.includes('due_date'), `fields: ${fields.join(', ')}`);
  for (const detail of error.details) assert.equal(typeof detail.message, 'string');
  assert.equal(error.requestId, recorder.exchanges[0]!.response.headers.get('X-Request-Id'));
});

test('reports the request id the caller chose', async () => {
  const requestId = `sdk-test-${crypto.randomUUID()}`;
  const error = await rejection(loopdesk.GET('/api/v1/customers/{id}', { params: { path: { id: 2_147_483_647 } }, headers: { 'X-Request-Id': requestId } }));
  assert.equal(error.requestId, requestId);
});

test('throws a 429 with retryAfter at once instead of sleeping until the budget refills', async () => {
  const { data: key } = await loopdesk.POST('/api/v1/api-keys', { body: { name: unique('SDK rate limit test'), permission: 'read', rate_limit: 2 } });
  cleanups.push(() => loopdesk.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
  const recorder = recordingFetch();
  const limited = new Loopdesk({ baseUrl, apiKey: key.key, fetch: recorder.fetch });
  await limited.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } });
  await limited.GET('/api/v1/tickets', { params: { query: { per_page: 1 } } });

  const started = performance.now();
  // The signal ends a wait the SDK should not start, so that such a bug fails here instead of stalling for an hour.
  const error = await rejection(limited.GET('/api/v1/tickets', { params: { query: { per_page: 1 } }, signal: AbortSignal.timeout(10_000) }));
  const elapsed = performance.now() - started;
  assert.equal(error.status, 429);
  assert.equal(error.code, 'RATE_LIMIT_EXCEEDED');
  assert.ok(error.retryAfter !== undefined && error.retryAfter > 60, `retryAfter ${error.retryAfter}`);
  assert.equal(String(error.retryAfter), recorder.exchanges[2]!.response.headers.get('Retry-After'));
  assert.equal(recorder.exchanges.length, 3, 'the refused request was sent once');
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

/**
 * A proxy in front of the desk that forwards every request and loses the desk's first answer: the
 * connection drops after the desk has done the work, as on a flaky network.
 */
async function proxyLosingTheFirstAnswer(): Promise<{ proxy: TestServer; upstream: Response[] }> {
  const upstream: Response[] = [];
  const proxy = await startServer(async (request, response, index) => {
    const answer = await fetch(new URL(request.url, baseUrl), {
      method: request.method,
      headers: forwardable(request.headers),
      body: request.body.length > 0 ? new Uint8Array(request.body) : undefined,
    });
    const text = await answer.text();
    upstream.push(answer);
    if (index === 0) response.socket?.destroy();
    else response.writeHead(answer.status, relayed(answer.headers)).end(text);
  });
  cleanups.push(() => proxy.close());
  return { proxy, upstream };
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const hopByHop = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined || hopByHop.has(name) ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

function relayed(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    ['content-type', 'x-request-id', 'idempotent-replayed', 'retry-after'].flatMap((name) => {
      const value = headers.get(name);
      return value === null ? [] : [[name, value]];
    }),
  );
}

async function customerWithNoTickets() {
  const email = `${unique('idempotency').replace(/\W+/g, '-')}@example.com`;
  const { data: customer } = await loopdesk.POST('/api/v1/customers', { body: { first_name: 'Idem', last_name: 'Potent', email } });
  cleanups.push(() => loopdesk.DELETE('/api/v1/customers/{id}', { params: { path: { id: customer.id }, query: { force: true } } }));
  return customer;
}

async function ticketsOf(customerId: number) {
  const { data } = await loopdesk.GET('/api/v1/tickets', { params: { query: { customer_id: customerId, per_page: 100 } } });
  return data;
}

test('retries a POST whose answer was lost when it carries an Idempotency-Key, creating one ticket', async () => {
  const customer = await customerWithNoTickets();
  const { proxy, upstream } = await proxyLosingTheFirstAnswer();
  const client = liveClient({ baseUrl: proxy.url, baseRetryDelayMs: 50 });
  const { data: ticket } = await client.POST('/api/v1/tickets', {
    body: { subject: 'Created once, however often it is sent', customer_id: customer.id },
    headers: { 'Idempotency-Key': crypto.randomUUID() },
  });
  assert.equal(proxy.requests.length, 2, 'sent again after the lost answer');
  assert.deepEqual(
    upstream.map((answer) => [answer.status, answer.headers.get('Idempotent-Replayed')]),
    [
      [201, null],
      [201, 'true'],
    ],
  );
  assert.deepEqual(
    (await ticketsOf(customer.id)).map((t) => t.id),
    [ticket.id],
  );
});

test('does not resend a POST without an Idempotency-Key, whose first copy may have done the work', async () => {
  const customer = await customerWithNoTickets();
  const { proxy } = await proxyLosingTheFirstAnswer();
  const client = liveClient({ baseUrl: proxy.url, baseRetryDelayMs: 50 });
  await assert.rejects(client.POST('/api/v1/tickets', { body: { subject: 'Sent once', customer_id: customer.id } }), TypeError);
  assert.equal(proxy.requests.length, 1);
  assert.equal((await ticketsOf(customer.id)).length, 1, 'the desk did the work the lost answer would have reported');
});

test('does not resend a PUT whose answer was lost, which would add its internal note a second time', async () => {
  const customer = await customerWithNoTickets();
  const { data: ticket } = await loopdesk.POST('/api/v1/tickets', { body: { subject: 'Noted once', customer_id: customer.id } });
  const { proxy } = await proxyLosingTheFirstAnswer();
  const client = liveClient({ baseUrl: proxy.url, baseRetryDelayMs: 50 });
  const update = client.PUT('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } }, body: { internal_note: 'Called the customer' } });
  await assert.rejects(update, TypeError);
  assert.equal(proxy.requests.length, 1);
  const { data: read } = await loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } });
  assert.deepEqual(
    read.replies.map((reply) => [reply.type, reply.content]),
    [['internal', 'Called the customer']],
  );
});

test('answers a retried DELETE whose first copy did the work with a 404 NOT_FOUND', async () => {
  const customer = await customerWithNoTickets();
  const { data: ticket } = await loopdesk.POST('/api/v1/tickets', { body: { subject: 'Deleted by the first copy', customer_id: customer.id } });
  const { proxy, upstream } = await proxyLosingTheFirstAnswer();
  const client = liveClient({ baseUrl: proxy.url, baseRetryDelayMs: 50 });
  const error = await rejection(client.DELETE('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } }));
  assert.equal(error.status, 404);
  assert.equal(error.code, 'NOT_FOUND');
  assert.deepEqual(
    upstream.map((answer) => answer.status),
    [204, 404],
  );
  assert.deepEqual(await ticketsOf(customer.id), []);
});
