import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { getDb } from '@/db/client';
import { webhooks } from '@/db/schema';
import { call } from '@/lib/test/api';
import { isoSeconds } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { eventually, startReceiver, type Receiver, type ReceivedRequest } from '@/lib/test/webhook-receiver';
import type { TicketJson } from '@/lib/tickets/schema';
import { DELIVERY_QUEUE } from '@/lib/jobs/queue';
import type { DeliveryJson, WebhookJson } from '@/lib/webhooks/schema';
import { startWebhookWorker, type WebhookWorker } from '@/lib/webhooks/worker';

/**
 * What the delivery test files share: a real worker on the pg-boss queue and a real HTTP receiver
 * on 127.0.0.1 (allowed below, as an integrator's local setup would), started once per file, and
 * helpers to make events through the public API and read the delivery log.
 */
// Configuration is read once per test file, at the first use: set it before any.
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

export type WebhookWithSecret = WebhookJson & { secret: string };
export type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
/** How a path answers: `n` counts the requests to it, this one included. */
export type Replier = (req: ReceivedRequest, n: number) => Reply;

export let adminKey: string;
export let writeKey: string;
export let readKey: string;
export let receiver: Receiver;
export let worker: WebhookWorker;
export const repliers = new Map<string, Replier>();

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

export let pathCount = 0;

/** A webhook on a path of its own at the receiver, answering as `reply` says (200 "ok" by default). */
export async function newWebhook(events: string[], options: { reply?: Replier; active?: boolean; name?: string } = {}) {
  const path = `/${options.name ?? 'hook'}-${++pathCount}`;
  if (options.reply) repliers.set(path, options.reply);
  const res = await call<WebhookWithSecret>('POST', '/api/v1/webhooks', {
    key: adminKey,
    body: { url: receiver.url(path), events, active: options.active ?? true },
  });
  expect(res.status).toBe(201);
  return { ...res.body.data, path };
}

export let emailCount = 0;
export const email = (who: string) => `${who}-${++emailCount}@acme.example`;

export async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, key = writeKey) {
  const res = await call<T>(method, path, { key, body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.data;
}

export const newTicket = (body: Record<string, unknown> = {}) => api<TicketJson>('POST', '/api/v1/tickets', { subject: 'Unable to login to account', ...body });
export const readTicket = (id: number) => api<TicketJson>('GET', `/api/v1/tickets/${id}`, undefined, readKey);

export async function deliveriesOf(webhookId: number, query = ''): Promise<DeliveryJson[]> {
  const res = await call<DeliveryJson[]>('GET', `/api/v1/webhooks/${webhookId}/deliveries${query}`, { key: adminKey });
  expect(res.status).toBe(200);
  // Whenever it is read, a delivery's log is whole: as many attempts as attempt_count says.
  for (const d of res.body.data) expect(d.attempts, `attempts of delivery ${d.id}`).toHaveLength(d.attempt_count);
  return res.body.data;
}

/** The webhook's newest delivery once `ready` holds for it. */
export function newestDelivery(webhookId: number, ready: (d: DeliveryJson) => boolean, timeoutMs?: number): Promise<DeliveryJson> {
  return eventually(async () => {
    const [newest] = await deliveriesOf(webhookId);
    return newest && ready(newest) && newest;
  }, timeoutMs);
}

export const attempted = (count: number) => (d: DeliveryJson) => d.attempts.length >= count;
export const requestsTo = (path: string, count = 1) => eventually(() => receiver.at(path).length >= count && receiver.at(path));

export async function webhookRow(id: number) {
  const [row] = await getDb().select().from(webhooks).where(eq(webhooks.id, id));
  return row!;
}

export const getWebhook = (id: number) => api<WebhookJson>('GET', `/api/v1/webhooks/${id}`, undefined, adminKey);

/** Jobs pg-boss holds (or held) for a delivery: one per scheduled attempt. */
export async function jobsFor(deliveryId: number): Promise<number> {
  const [row] = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = ${DELIVERY_QUEUE} and (data->>'deliveryId')::int = ${deliveryId}`,
  );
  return row!.n;
}

export const ms = (iso: string | null) => Date.parse(iso!);

export type AttemptJson = DeliveryJson['attempts'][number];
/** An attempt as the delivery log shows it; the time and duration are whatever they were. */
export const anAttempt = (fields: Partial<AttemptJson>): AttemptJson => ({
  attempted_at: expect.stringMatching(isoSeconds),
  duration_ms: expect.any(Number),
  response_status: null,
  response_body: null,
  error: null,
  error_message: null,
  ...fields,
});

export const unauthorized = { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' };
export const forbidden = { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' };

/** The Node twin of the reference's function, as the README shows integrators. */
export function nodeVerifies(payload: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(payload, 'utf8').digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Standard Webhooks, recomputed from the spec: the key is the base64 after `whsec_`, the content `{id}.{timestamp}.{body}`. */
export function standardSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`;
}

export const header = (req: ReceivedRequest, name: string) => String(req.headers[name]);
