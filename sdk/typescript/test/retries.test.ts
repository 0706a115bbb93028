import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { Loopdesk, LoopdeskError, type LoopdeskOptions } from '../src/index.js';
import { retrying } from '../src/retry.js';
import { errorEnvelope, sendJson, startServer, type TestServer } from './support/http.js';
import { rejection } from './support/rejection.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

/** A server answering each request with the next of `answers` (the last one repeats), and a client for it. */
async function deskAnswering(answers: Answer[], options: Partial<LoopdeskOptions> = {}) {
  const server = await startServer((_request, response, index) => {
    const answer = answers[Math.min(index, answers.length - 1)]!;
    if (answer === 'drop') response.socket?.destroy();
    else if ('text' in answer) response.writeHead(answer.status, { 'Content-Type': 'text/html' }).end(answer.text);
    else sendJson(response, answer.status, answer.body ?? ticketEnvelope, answer.headers);
  });
  servers.push(server);
  const loopdesk = new Loopdesk({ baseUrl: server.url, apiKey: 'ld_live_test', baseRetryDelayMs: 10, ...options } as LoopdeskOptions);
  return { server, loopdesk };
}

type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | { status: number; text: string } | 'drop';

const ticketEnvelope = { success: true, data: { id: 7, subject: 'Printer on fire' } };
const ok: Answer = { status: 200 };
const unavailable: Answer = { status: 503, body: errorEnvelope('SERVICE_UNAVAILABLE', 'The database is unavailable') };
const rateLimited = (retryAfter: string): Answer => ({
  status: 429,
  headers: { 'Retry-After': retryAfter },
  body: errorEnvelope('RATE_LIMIT_EXCEEDED', 'Rate limit exceeded'),
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

const getTicket = (loopdesk: Loopdesk, signal?: AbortSignal) => loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: 7 } }, signal });

/** Ends a wait the SDK should not have started, so that such a bug fails the test instead of stalling it. */
const impatient = () => AbortSignal.timeout(3000);

test('retries a 503 and resolves with the success that follows', async () => {
  const { server, loopdesk } = await deskAnswering([unavailable, unavailable, ok]);
  const body = await getTicket(loopdesk);
  assert.deepEqual(body, ticketEnvelope);
  assert.equal(server.requests.length, 3);
});

test('retries 502 and 504 from a proxy', async () => {
  const { server, loopdesk } = await deskAnswering([{ status: 502, text: 'Bad gateway' }, { status: 504, text: 'Gateway timeout' }, ok]);
  await getTicket(loopdesk);
  assert.equal(server.requests.length, 3);
});

test('waits the seconds Retry-After asks before retrying', async () => {
  const { server, loopdesk } = await deskAnswering([rateLimited('1'), ok]);
  await getTicket(loopdesk);
  const [first, second] = server.requests;
  assert.equal(server.requests.length, 2);
  assert.ok(second!.receivedAt - first!.receivedAt >= 950, `retried after ${second!.receivedAt - first!.receivedAt} ms`);
});

test('waits until the HTTP date Retry-After gives', async () => {
  // HTTP dates have whole seconds: two seconds ahead is at least one second ahead.
  const { server, loopdesk } = await deskAnswering([{ status: 503, headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() } }, ok]);
  await getTicket(loopdesk);
  const [first, second] = server.requests;
  assert.ok(second!.receivedAt - first!.receivedAt >= 950, `retried after ${second!.receivedAt - first!.receivedAt} ms`);
});

test('backs off between retries when no Retry-After says how long', async () => {
  const { server, loopdesk } = await deskAnswering([unavailable, unavailable, ok], { baseRetryDelayMs: 200, maxRetryDelayMs: 200 });
  await getTicket(loopdesk);
  assert.equal(server.requests.length, 3);
  // Full jitter waits anywhere up to the ceiling, never beyond it.
  const gaps = [1, 2].map((i) => server.requests[i]!.receivedAt - server.requests[i - 1]!.receivedAt);
  for (const gap of gaps) assert.ok(gap <= 200 + 100, `waited ${gap} ms`);
});

test('throws the last answer once the retries are spent', async () => {
  const { server, loopdesk } = await deskAnswering([unavailable], { maxRetries: 2 });
  const error = await rejection(getTicket(loopdesk));
  assert.equal(error.status, 503);
  assert.equal(error.code, 'SERVICE_UNAVAILABLE');
  assert.equal(server.requests.length, 3);
});

test('sends a request once with maxRetries 0', async () => {
  const { server, loopdesk } = await deskAnswering([unavailable], { maxRetries: 0 });
  await assert.rejects(getTicket(loopdesk), LoopdeskError);
  assert.equal(server.requests.length, 1);
});

test('does not wait for a Retry-After beyond the cap, and says how long to wait', async () => {
  const { server, loopdesk } = await deskAnswering([rateLimited('3600'), ok]);
  const { result: error, ms } = await timed(() => rejection(getTicket(loopdesk, impatient())));
  assert.equal(error.status, 429);
  assert.equal(error.code, 'RATE_LIMIT_EXCEEDED');
  assert.equal(error.retryAfter, 3600);
  assert.equal(server.requests.length, 1);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('takes the cap from maxRetryDelayMs', async () => {
  const { server, loopdesk } = await deskAnswering([rateLimited('2'), ok], { maxRetryDelayMs: 1000 });
  const error = await rejection(getTicket(loopdesk, impatient()));
  assert.equal(error.retryAfter, 2);
  assert.equal(server.requests.length, 1);
});

test('does not retry a POST without an Idempotency-Key', async () => {
  const { server, loopdesk } = await deskAnswering([unavailable, ok]);
  const error = await rejection(loopdesk.POST('/api/v1/tickets', { body: { subject: 'Printer on fire' } }));
  assert.equal(error.status, 503);
  assert.equal(server.requests.length, 1);
});

test('does not retry a POST without an Idempotency-Key after a network error', async () => {
  const { server, loopdesk } = await deskAnswering(['drop', ok]);
  const error = await loopdesk.POST('/api/v1/tickets', { body: { subject: 'Printer on fire' } }).catch((e: unknown) => e);
  assert.ok(error instanceof TypeError, `rejected with ${String(error)}`);
  assert.ok(!(error instanceof LoopdeskError), 'a network error is not an answer');
  assert.equal(server.requests.length, 1);
});

test('retries a POST that carries an Idempotency-Key, with the same key and body', async () => {
  const { server, loopdesk } = await deskAnswering([unavailable, 'drop', { status: 201 }]);
  const key = crypto.randomUUID();
  const body = await loopdesk.POST('/api/v1/tickets', { body: { subject: 'Printer on fire' }, headers: { 'Idempotency-Key': key } });
  assert.deepEqual(body, ticketEnvelope);
  assert.equal(server.requests.length, 3);
  for (const request of server.requests) {
    assert.equal(request.headers['idempotency-key'], key);
    assert.deepEqual(JSON.parse(request.body.toString()), { subject: 'Printer on fire' });
  }
});

test('retries a DELETE after a network error and a 503', async () => {
  const { server, loopdesk } = await deskAnswering(['drop', unavailable, { status: 204 }]);
  const deleted = await loopdesk.DELETE('/api/v1/tickets/{id}', { params: { path: { id: 7 } } });
  assert.equal(deleted, undefined);
  assert.deepEqual(
    server.requests.map((r) => r.method),
    ['DELETE', 'DELETE', 'DELETE'],
  );
});

test('retries HEAD and OPTIONS, which change nothing', async () => {
  const { server } = await deskAnswering([unavailable, ok]);
  const send = retrying((request) => fetch(request), { maxRetries: 2, maxRetryDelayMs: 1000, baseRetryDelayMs: 10 });
  for (const method of ['HEAD', 'OPTIONS']) {
    server.requests.length = 0;
    assert.equal((await send(new Request(server.url, { method }))).status, 200);
    assert.deepEqual(
      server.requests.map((r) => r.method),
      [method, method],
    );
  }
});

test('does not retry a PUT, whose second copy may add its internal note again, and leaves the wait to the caller', async () => {
  const { server, loopdesk } = await deskAnswering(['drop', rateLimited('1'), ok]);
  const update = () => loopdesk.PUT('/api/v1/tickets/{id}', { params: { path: { id: 7 } }, body: { internal_note: 'Called the customer' } });
  const dropped = await update().catch((e: unknown) => e);
  assert.ok(dropped instanceof TypeError, `rejected with ${String(dropped)}`);
  const { result: limited, ms } = await timed(() => rejection(update()));
  assert.equal(limited.status, 429);
  assert.equal(limited.retryAfter, 1);
  assert.ok(ms < 900, `waited ${ms} ms`);
  assert.equal(server.requests.length, 2, 'each PUT was sent once');
});

test('does not retry a PATCH, even with an Idempotency-Key, which the API honours on POST only', async () => {
  const { server, loopdesk } = await deskAnswering(['drop', unavailable, ok]);
  const headers = { 'Idempotency-Key': crypto.randomUUID() };
  const rename = () => loopdesk.PATCH('/api/v1/mailboxes/{id}', { params: { path: { id: 3 } }, body: { name: 'Support' }, headers });
  assert.ok((await rename().catch((e: unknown) => e)) instanceof TypeError, 'the network error comes back');
  assert.equal((await rejection(rename())).status, 503);
  assert.deepEqual(
    server.requests.map((r) => r.method),
    ['PATCH', 'PATCH'],
  );
});

for (const status of [400, 401, 403, 404, 409, 500]) {
  test(`does not retry a ${status}`, async () => {
    const { server, loopdesk } = await deskAnswering([{ status, body: errorEnvelope('SOME_ERROR', 'No') }, ok]);
    await assert.rejects(getTicket(loopdesk), (error: unknown) => error instanceof LoopdeskError && error.status === status);
    assert.equal(server.requests.length, 1);
  });
}

test('stops waiting for a retry when the request is aborted', async () => {
  const { server, loopdesk } = await deskAnswering([rateLimited('30'), ok]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('gave up')), 100);
  const { result: error, ms } = await timed(() =>
    loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: 7 } }, signal: controller.signal }).catch((e: unknown) => e),
  );
  assert.ok(error instanceof Error, `rejected with ${String(error)}`);
  assert.equal(error.message, 'gave up');
  assert.ok(ms < 2000, `took ${ms} ms`);
  assert.equal(server.requests.length, 1);
});

test('gives an answer that is not the API envelope the code HTTP_<status> and keeps its text', async () => {
  const { loopdesk } = await deskAnswering([{ status: 502, text: '<html>Bad gateway</html>' }], { maxRetries: 0 });
  const error = await rejection(getTicket(loopdesk));
  assert.equal(error.code, 'HTTP_502');
  assert.equal(error.message, 'HTTP 502');
  assert.equal(error.body, '<html>Bad gateway</html>');
});

test('sends the key as a bearer token, and a User-Agent naming the application and the SDK version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const { server, loopdesk } = await deskAnswering([ok], { apiKey: 'ld_live_abc', userAgent: 'acme-crm/2.1' });
  await getTicket(loopdesk);
  assert.equal(server.requests[0]!.headers.authorization, 'Bearer ld_live_abc');
  assert.equal(server.requests[0]!.headers['user-agent'], `acme-crm/2.1 loopdesk-sdk-typescript/${version}`);
});

test('sends an OAuth access token as a bearer token', async () => {
  const { server, loopdesk } = await deskAnswering([ok], { apiKey: undefined, accessToken: 'ld_oat_xyz' });
  await getTicket(loopdesk);
  assert.equal(server.requests[0]!.headers.authorization, 'Bearer ld_oat_xyz');
});

test('refuses to start without credentials, or with both kinds', () => {
  assert.throws(() => new Loopdesk({ baseUrl: 'http://127.0.0.1:1', apiKey: '' }), TypeError);
  assert.throws(() => new Loopdesk({ baseUrl: 'http://127.0.0.1:1', apiKey: 'a', accessToken: 'b' } as unknown as LoopdeskOptions), TypeError);
});
