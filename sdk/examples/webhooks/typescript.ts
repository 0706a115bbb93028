// Receive a webhook: an endpoint on a free local port, a webhook to it, a test delivery checked with verifyWebhook.
// The desk refuses webhook URLs on loopback addresses unless its LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists
// 127.0.0.1: set that on your own desk to run this, or register a public https endpoint of yours instead.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Loopdesk, verifyWebhook, type WebhookEvent, WebhookVerificationError } from '@loopdesk/sdk';

const loopdesk = new Loopdesk({ baseUrl: process.env.LOOPDESK_URL!, apiKey: process.env.LOOPDESK_API_KEY! });
let secret = ''; // the webhook's, known once it is created
// Deliveries are at least once: a retry repeats X-Loopdesk-Delivery. In production, a unique
// column kept for longer than the retries last (three days).
const handledDeliveries = new Set<string>();

/** Without the SDK: `sha256=` + hex HMAC-SHA256 of the raw body, compared in constant time. */
function hasValidSignature(rawBody: Buffer, signature: string, key: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', key).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The endpoint hands the rest of the example what it received: a verified delivery, or why it refused one.
type Received = { event: WebhookEvent; delivery: string; plain: boolean };
let report: (outcome: Received | Error) => void = () => {};
const received = new Promise<Received | Error>((resolve) => {
  report = resolve;
  setTimeout(() => resolve(new Error('No delivery within 15 seconds')), 15_000).unref();
});

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  const rawBody = Buffer.concat(chunks); // as received: verify before parsing
  let event: WebhookEvent;
  try {
    // Checks the Standard Webhooks signature and that it was sent within the last 5 minutes.
    event = verifyWebhook(rawBody, req.headers, secret, { toleranceSeconds: 300 });
  } catch (error) {
    res.writeHead(error instanceof WebhookVerificationError ? 401 : 500).end();
    report(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  // Answer within 10 seconds, before any slow work; anything but a 2xx is retried.
  res.writeHead(204).end();
  const delivery = String(req.headers['x-loopdesk-delivery']);
  if (handledDeliveries.has(delivery)) return;
  handledDeliveries.add(delivery);
  report({ event, delivery, plain: hasValidSignature(rawBody, String(req.headers['x-loopdesk-signature']), secret) });
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const { data: webhook } = await loopdesk.POST('/api/v1/webhooks', {
  body: { url: `http://127.0.0.1:${port}/loopdesk`, events: ['ticket.created'], description: 'Guides example' },
});
secret = webhook.secret; // shown only in this answer (and by rotate-secret): store it now
try {
  // A "ping" event, sent now; the answer is its delivery, after the attempt.
  const { data: delivery } = await loopdesk.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: webhook.id } } });
  console.log(`Test delivery ${delivery.id}: ${delivery.status}`);
  const outcome = await received;
  if (outcome instanceof Error) throw outcome;
  console.log(`Verified ${outcome.event.event} event ${outcome.event.id} of ${outcome.event.timestamp}, delivery ${outcome.delivery}`);
  if (!outcome.plain) throw new Error('The plain sha256= check does not match X-Loopdesk-Signature');
  console.log('The plain sha256= check agrees');
} finally {
  await loopdesk.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } } });
  server.close();
}
