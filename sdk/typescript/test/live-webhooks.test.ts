import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, test } from 'node:test';
import { verifyWebhook, WebhookVerificationError } from '../src/index.js';
import { type ReceivedRequest, startServer, type TestServer } from './support/http.js';
import { liveDesk } from './support/live.js';

const { loopdesk } = liveDesk();
let receiver: TestServer;
let webhook: { id: number; secret: string };
const cleanups: (() => Promise<unknown>)[] = [];

before(async () => {
  receiver = await startServer((_request, response) => {
    response.writeHead(204).end();
  });
  // Registered first: a receiver left open when the desk refuses the webhook would keep the run alive.
  cleanups.push(() => receiver.close());
  const { data } = await loopdesk.POST('/api/v1/webhooks', {
    body: { url: `${receiver.url}/loopdesk`, events: ['ticket.created'], description: 'TypeScript SDK test receiver' },
  });
  webhook = { id: data.id, secret: data.secret };
  cleanups.push(() => loopdesk.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: data.id } } }));
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** The first delivery the receiver got that `matches`, waiting for the desk's queue up to `timeoutMs`. */
async function delivery(matches: (request: ReceivedRequest) => boolean, timeoutMs = 30_000): Promise<ReceivedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = receiver.requests.find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No matching delivery within ${timeoutMs} ms; got ${receiver.requests.length}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const withoutHeaders = (headers: IncomingHttpHeaders, prefix: string) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(prefix)));

/** What a receiver that cannot read the Standard Webhooks headers passes, accepting replays. */
const bodyOnly = { scheme: 'loopdesk-signature' } as const;

async function ping(): Promise<ReceivedRequest> {
  const { data: sent } = await loopdesk.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: webhook.id } } });
  return delivery((request) => request.headers['x-loopdesk-delivery'] === String(sent.id));
}

test('verifies a real ping under both signature schemes', async () => {
  const request = await ping();
  assert.ok(request.headers['webhook-signature'] && request.headers['x-loopdesk-signature'], 'the desk sends both schemes');

  const event = verifyWebhook(request.body, request.headers, webhook.secret);
  assert.equal(event.event, 'ping');
  assert.equal(event.event === 'ping' && event.data.webhook.id, webhook.id);

  const standardOnly = withoutHeaders(request.headers, 'x-loopdesk-');
  assert.equal(verifyWebhook(request.body.toString('utf8'), standardOnly, webhook.secret).event, 'ping');
  const loopdeskOnly = withoutHeaders(request.headers, 'webhook-');
  assert.equal(verifyWebhook(request.body, new Headers(loopdeskOnly as Record<string, string>), webhook.secret, bodyOnly).event, 'ping');
});

test('refuses a real delivery replayed without its webhook-* headers unless the receiver opted into the body-only scheme', async () => {
  const request = await ping();
  const replayed = withoutHeaders(request.headers, 'webhook-');
  assert.throws(
    () => verifyWebhook(request.body, replayed, webhook.secret),
    (error: unknown) => error instanceof WebhookVerificationError && error.message.startsWith('Missing webhook-id, webhook-timestamp, webhook-signature:'),
  );
  assert.equal(verifyWebhook(request.body, replayed, webhook.secret, bodyOnly).event, 'ping');
});

test('refuses a real delivery with a tampered body, the wrong secret or a stale timestamp', async () => {
  const request = await ping();
  const tampered = Buffer.from(request.body.toString('utf8').replace('"ping"', '"ticket.closed"'));
  const loopdeskOnly = withoutHeaders(request.headers, 'webhook-');
  assert.throws(() => verifyWebhook(tampered, request.headers, webhook.secret), WebhookVerificationError);
  assert.throws(() => verifyWebhook(tampered, loopdeskOnly, webhook.secret, bodyOnly), WebhookVerificationError);

  const wrongSecret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
  assert.throws(() => verifyWebhook(request.body, request.headers, wrongSecret), WebhookVerificationError);
  assert.throws(() => verifyWebhook(request.body, loopdeskOnly, wrongSecret, bodyOnly), WebhookVerificationError);

  // Wait until the delivery's whole second is past, so that it is stale for a zero tolerance.
  const sentAt = Number(request.headers['webhook-timestamp']);
  while (Math.floor(Date.now() / 1000) <= sentAt) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.throws(
    () => verifyWebhook(request.body, request.headers, webhook.secret, { toleranceSeconds: 0 }),
    (error: unknown) => error instanceof WebhookVerificationError && /seconds old/.test(error.message),
  );
});

test('verifies a real ticket.created event and narrows its data to the ticket', async () => {
  const { data: ticket } = await loopdesk.POST('/api/v1/tickets', { body: { subject: 'Webhook test ticket' } });
  cleanups.push(() => loopdesk.DELETE('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } }));
  const request = await delivery((r) => r.headers['x-loopdesk-event'] === 'ticket.created' && JSON.parse(r.body.toString()).data.ticket.id === ticket.id);
  const event = verifyWebhook(request.body, request.headers, webhook.secret);
  assert.ok(event.event === 'ticket.created', `got ${event.event}`);
  assert.equal(event.data.ticket.subject, 'Webhook test ticket');
});

test('verifies deliveries signed during a secret rotation with the old secret and the new one', async () => {
  const oldSecret = webhook.secret;
  const { data: rotated } = await loopdesk.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: webhook.id } } });
  webhook.secret = rotated.secret;
  const request = await ping();
  assert.ok(request.headers['x-loopdesk-signature-previous'], 'the replaced secret still signs');
  for (const secret of [oldSecret, rotated.secret]) {
    assert.equal(verifyWebhook(request.body, request.headers, secret).event, 'ping');
    assert.equal(verifyWebhook(request.body, withoutHeaders(request.headers, 'webhook-'), secret, bodyOnly).event, 'ping');
  }
});
