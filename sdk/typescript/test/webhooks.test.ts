import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook, WebhookVerificationError } from '../src/index.js';

// The independent implementation of the Standard Webhooks scheme is the spec's own library;
// the `sha256=` scheme is the reference's: a hex HMAC-SHA256 of the body keyed with the secret.
const secret = `whsec_${Buffer.from('a secret of twenty-four!').toString('base64')}`;
const otherSecret = `whsec_${Buffer.from('another one, twenty-four').toString('base64')}`;
const body = JSON.stringify({
  id: 4711,
  event: 'ticket.created',
  timestamp: '2025-08-23T12:30:00Z',
  data: { ticket: { id: 78902, subject: 'Café ☕ on fire' } },
});

function standardHeaders(signingSecret: string | Webhook, payload = body, at = new Date(), id = '812'): Record<string, string> {
  const signer = typeof signingSecret === 'string' ? new Webhook(signingSecret) : signingSecret;
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signer.sign(id, at, payload) };
}

function loopdeskSignature(signingSecret: string, payload = body): string {
  return `sha256=${createHmac('sha256', signingSecret).update(payload).digest('hex')}`;
}

const refused = (message: RegExp) => (error: unknown) => error instanceof WebhookVerificationError && message.test(error.message);

test('verifies a Standard Webhooks signature made by the spec library, and returns the event', () => {
  const event = verifyWebhook(body, standardHeaders(secret), secret);
  assert.deepEqual(event, JSON.parse(body));
});

test('verifies the body given as bytes, as a raw-body parser hands it over', () => {
  const bytes = new Uint8Array(Buffer.from(`padding${body}`)).subarray(7);
  assert.equal(verifyWebhook(bytes, standardHeaders(secret), secret).id, 4711);
});

test('keys a secret without the whsec_ prefix with its UTF-8 bytes, as the library does with format raw', () => {
  const chosen = 'a-secret-an-admin-chose-at-least-32-characters';
  const signer = new Webhook(new TextEncoder().encode(chosen), { format: 'raw' });
  assert.equal(verifyWebhook(body, standardHeaders(signer), chosen).event, 'ticket.created');
  assert.throws(() => verifyWebhook(body, standardHeaders(signer), `whsec_${chosen}`), WebhookVerificationError);
});

test('refuses a delivery stripped of its Standard headers, however well its body is signed', () => {
  // A captured delivery replayed with only the body signature, which never expires.
  const replayed = { 'X-Loopdesk-Signature': loopdeskSignature(secret), 'X-Loopdesk-Signature-Previous': loopdeskSignature(otherSecret) };
  assert.throws(() => verifyWebhook(body, replayed, secret), refused(/^Missing webhook-id, webhook-timestamp, webhook-signature:/));
  assert.throws(() => verifyWebhook(body, replayed, secret, { scheme: 'standard' }), refused(/^Missing webhook-id/));
});

test('verifies X-Loopdesk-Signature alone when the caller opts into the body-only scheme', () => {
  const bodyOnly = { scheme: 'loopdesk-signature' } as const;
  assert.equal(verifyWebhook(body, { 'X-Loopdesk-Signature': loopdeskSignature(secret) }, secret, bodyOnly).id, 4711);
  // It does not look at the Standard headers, stale or absent: the body's signature alone decides.
  const staleStandard = standardHeaders(secret, body, new Date(Date.now() - 3_600_000));
  assert.equal(verifyWebhook(body, { ...staleStandard, 'x-loopdesk-signature': loopdeskSignature(secret) }, secret, bodyOnly).id, 4711);
  assert.throws(() => verifyWebhook(body, standardHeaders(secret), secret, bodyOnly), refused(/^No X-Loopdesk-Signature/));
});

test('accepts X-Loopdesk-Signature-Previous during a rotation, for the secret it was made with', () => {
  const headers = { 'X-Loopdesk-Signature': loopdeskSignature(secret), 'X-Loopdesk-Signature-Previous': loopdeskSignature(otherSecret) };
  assert.equal(verifyWebhook(body, headers, secret, { scheme: 'loopdesk-signature' }).id, 4711);
  assert.equal(verifyWebhook(body, headers, otherSecret, { scheme: 'loopdesk-signature' }).id, 4711);
});

test('accepts any of the space-separated Standard signatures, one per live secret', () => {
  const now = new Date();
  const current = standardHeaders(secret, body, now);
  const previous = standardHeaders(otherSecret, body, now);
  const headers = { ...current, 'webhook-signature': `${current['webhook-signature']} ${previous['webhook-signature']}` };
  assert.equal(verifyWebhook(body, headers, secret).id, 4711);
  assert.equal(verifyWebhook(body, headers, otherSecret).id, 4711);
});

test('reads headers from a Headers object, and from a record in any case with repeated values', () => {
  const headers = standardHeaders(secret);
  assert.equal(verifyWebhook(body, new Headers(headers), secret).id, 4711);
  const shouted = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
  assert.equal(verifyWebhook(body, shouted, secret).id, 4711);
  const repeated = { ...headers, 'webhook-signature': ['v1,bm90IGl0', headers['webhook-signature']!] };
  assert.equal(verifyWebhook(body, repeated, secret).id, 4711);
});

test('refuses a tampered body under either scheme', () => {
  const tampered = body.replace('78902', '78903');
  assert.throws(() => verifyWebhook(tampered, standardHeaders(secret), secret), refused(/No webhook-signature matches/));
  assert.throws(
    () => verifyWebhook(tampered, { 'x-loopdesk-signature': loopdeskSignature(secret) }, secret, { scheme: 'loopdesk-signature' }),
    refused(/does not match/),
  );
});

test('refuses the wrong secret under either scheme', () => {
  assert.throws(() => verifyWebhook(body, standardHeaders(secret), otherSecret), refused(/No webhook-signature matches/));
  assert.throws(
    () => verifyWebhook(body, { 'x-loopdesk-signature': loopdeskSignature(secret) }, otherSecret, { scheme: 'loopdesk-signature' }),
    refused(/does not match/),
  );
});

test('refuses a timestamp older or newer than the tolerance, however well signed', () => {
  const sixMinutesAgo = new Date(Date.now() - 360_000);
  const sixMinutesAhead = new Date(Date.now() + 360_000);
  assert.throws(() => verifyWebhook(body, standardHeaders(secret, body, sixMinutesAgo), secret), refused(/seconds old, beyond 300/));
  assert.throws(() => verifyWebhook(body, standardHeaders(secret, body, sixMinutesAhead), secret), refused(/in the future/));
  assert.equal(verifyWebhook(body, standardHeaders(secret, body, sixMinutesAgo), secret, { toleranceSeconds: 600 }).id, 4711);
});

test('does not fall back to X-Loopdesk-Signature when the Standard headers are stale', () => {
  // A captured delivery replayed later: its body signature is still valid, its timestamp is not.
  const replayed = { ...standardHeaders(secret, body, new Date(Date.now() - 3_600_000)), 'x-loopdesk-signature': loopdeskSignature(secret) };
  assert.throws(() => verifyWebhook(body, replayed, secret), refused(/seconds old/));
});

test('refuses missing, incomplete or malformed signature headers', () => {
  assert.throws(() => verifyWebhook(body, {}, secret), refused(/^Missing webhook-id, webhook-timestamp, webhook-signature:/));
  const { 'webhook-id': _id, ...withoutId } = standardHeaders(secret);
  assert.throws(() => verifyWebhook(body, { ...withoutId, 'x-loopdesk-signature': loopdeskSignature(secret) }, secret), refused(/^Missing webhook-id:/));
  assert.throws(() => verifyWebhook(body, { ...standardHeaders(secret), 'webhook-timestamp': 'yesterday' }, secret), refused(/Invalid webhook-timestamp/));
  assert.throws(() => verifyWebhook(body, {}, secret, { scheme: 'loopdesk-signature' }), refused(/^No X-Loopdesk-Signature/));
  assert.throws(
    () => verifyWebhook(body, { 'x-loopdesk-signature': loopdeskSignature(secret).replace('sha256=', 'sha1=') }, secret, { scheme: 'loopdesk-signature' }),
    refused(/does not match/),
  );
});

test('refuses a signed body that is not JSON', () => {
  const text = 'not json';
  assert.throws(() => verifyWebhook(text, standardHeaders(secret, text), secret), refused(/not JSON/));
});
