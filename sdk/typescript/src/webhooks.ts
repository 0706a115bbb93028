import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './types.js';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * `scheme` names the signature that decides. `'standard'`, the default, is the safe one: the
 * Standard Webhooks headers, which Loopdesk sends with every delivery. `'loopdesk-signature'` is
 * only for a receiver that cannot read them (a proxy or platform that drops them).
 */
export type VerifyWebhookOptions =
  | {
      scheme?: 'standard';
      /** How far `webhook-timestamp` may be from now, either way. Default 300, as in the Standard Webhooks libraries. */
      toleranceSeconds?: number;
    }
  | {
      /**
       * Verify `X-Loopdesk-Signature` (or `-Previous`) alone. It signs the body only and never
       * expires, so a captured delivery can be replayed at any time: use it only when the Standard
       * headers cannot reach you, and deduplicate on the event's `id`, which the signature covers
       * (no header is signed under this scheme).
       */
      scheme: 'loopdesk-signature';
    };

const STANDARD_PREFIX = 'whsec_';
const STANDARD_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/**
 * Checks that a delivery was signed with `secret` and returns its event. By default the Standard
 * Webhooks headers are required: their signature covers id, timestamp and body, and a timestamp
 * outside the tolerance is refused, so a captured delivery cannot be replayed later, even with
 * those headers stripped. Only `{ scheme: 'loopdesk-signature' }` accepts `X-Loopdesk-Signature`
 * (or `-Previous`, during a rotation) instead: body-only, so replayable. Pass the body exactly as
 * received, before any JSON parsing.
 */
export function verifyWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string, options: VerifyWebhookOptions = {}): WebhookEvent {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  const header = headerReader(headers);
  if (options.scheme === 'loopdesk-signature') {
    verifyLoopdeskSignature(body, [header('x-loopdesk-signature'), header('x-loopdesk-signature-previous')], secret);
  } else {
    verifyStandardSignature(body, standardHeaders(header), secret, options.toleranceSeconds ?? 300);
  }
  return parseEvent(body);
}

interface StandardHeaders {
  id: string;
  timestamp: string;
  signatures: string;
}

/** The three Standard Webhooks headers; a delivery missing any of them is refused, whatever else it carries. */
function standardHeaders(header: (name: string) => string | undefined): StandardHeaders {
  const [id, timestamp, signatures] = STANDARD_HEADERS.map((name) => header(name));
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    const missing = STANDARD_HEADERS.filter((name) => header(name) === undefined);
    throw new WebhookVerificationError(`Missing ${missing.join(', ')}: Loopdesk sends the Standard Webhooks headers with every delivery`);
  }
  return { id, timestamp, signatures };
}

function verifyStandardSignature(body: Buffer, { id, timestamp, signatures }: StandardHeaders, secret: string, toleranceSeconds: number): void {
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp');
  const age = Math.floor(Date.now() / 1000) - Number(timestamp);
  if (Math.abs(age) > toleranceSeconds) {
    throw new WebhookVerificationError(`The webhook-timestamp is ${Math.abs(age)} seconds ${age > 0 ? 'old' : 'in the future'}, beyond ${toleranceSeconds}`);
  }
  const expected = createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.`).update(body).digest();
  // One `v1,<base64>` per signing secret, space-separated; joined copies of the header add commas.
  const given = signatures
    .split(/\s+/)
    .map((entry) => entry.replace(/,$/, ''))
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  if (!given.some((signature) => bytesEqual(signature, expected))) throw new WebhookVerificationError('No webhook-signature matches the secret');
}

/**
 * The key Loopdesk signs Standard Webhooks with: a `whsec_` secret's base64-decoded bytes, as the
 * spec's libraries do, and the UTF-8 bytes of any other secret (one an admin chose).
 */
function standardKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_PREFIX) ? Buffer.from(secret.slice(STANDARD_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** `sha256=` + hex HMAC-SHA256 of the body, keyed with the whole secret's UTF-8 bytes (`whsec_` included). */
function verifyLoopdeskSignature(body: Buffer, headers: (string | undefined)[], secret: string): void {
  // A repeated header arrives joined with commas (RFC 9110 §5.3).
  const signatures = headers.flatMap((value) => value?.split(/,\s*/) ?? []);
  if (signatures.length === 0) throw new WebhookVerificationError('No X-Loopdesk-Signature header');
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest();
  const matches = signatures.some((value) => value.startsWith('sha256=') && bytesEqual(Buffer.from(value.slice(7), 'hex'), expected));
  if (!matches) throw new WebhookVerificationError('X-Loopdesk-Signature does not match the secret');
}

function bytesEqual(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseEvent(body: Buffer): WebhookEvent {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new WebhookVerificationError('The signed body is not JSON', { cause: error });
  }
}

/** Header values by name, whatever its case; a repeated header's values joined as `Headers` joins them. */
function headerReader(headers: WebhookHeaders): (name: string) => string | undefined {
  if (headers instanceof Headers) return (name) => headers.get(name) ?? undefined;
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) byName.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return (name) => byName.get(name);
}
