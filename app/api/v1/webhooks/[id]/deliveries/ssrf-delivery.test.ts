import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhooks } from '@/db/schema';
import { config } from '@/lib/config';
import { call } from '@/lib/test/api';
import { isoSeconds } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import { eventually, startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import type { DeliveryJson } from '@/lib/webhooks/schema';
import { startWebhookWorker, type WebhookWorker } from '@/lib/webhooks/worker';

/**
 * The SSRF guard at delivery time, with LOOPDESK_WEBHOOK_ALLOWED_HOSTS unset: a webhook that points
 * at an internal address (saved before the rules, or whose DNS changed since) gets no request.
 * Such webhooks cannot be made through the API, so these are written to the database directly.
 */
const hint = 'internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host';
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let adminKey: string;
let writeKey: string;
let receiver: Receiver;
let worker: WebhookWorker;

beforeAll(async () => {
  [adminKey, writeKey] = await Promise.all([createKey('admin'), createKey('write')]);
  receiver = await startReceiver();
  worker = await startWebhookWorker({ pollingIntervalSeconds: 0.5 });
});

// Every event fans out to every active webhook: each test's webhook is switched off after it.
afterEach(async () => {
  await getDb().update(webhooks).set({ active: false });
});

afterAll(async () => {
  await worker.stop();
  await receiver.close();
});

async function webhookAt(url: string, active = true) {
  const [row] = await getDb()
    .insert(webhooks)
    .values({ url, events: ['ticket.created'], secret, active })
    .returning();
  return row!;
}

async function deliveriesOf(webhookId: number): Promise<DeliveryJson[]> {
  const res = await call<DeliveryJson[]>('GET', `/api/v1/webhooks/${webhookId}/deliveries`, { key: adminKey });
  expect(res.status).toBe(200);
  return res.body.data;
}

const port = () => new URL(receiver.url()).port;

// The receiver listens on 127.0.0.1, so a request that got through to loopback would show up in it.
const targets: [string, () => string, string | RegExp][] = [
  ['127.0.0.1', () => receiver.url('/loopback'), `URL host 127.0.0.1 is a loopback address; ${hint}`],
  [
    'a host name resolving to loopback',
    () => `http://localhost:${port()}/by-name`,
    new RegExp(`^URL host localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address; ${hint}$`),
  ],
  ['[::1]', () => `http://[::1]:${port()}/v6`, `URL host [::1] is a loopback address; ${hint}`],
  ['10.0.0.1', () => 'http://10.0.0.1/hook', `URL host 10.0.0.1 is a private address; ${hint}`],
  ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', `URL host 169.254.169.254 is a link-local address; ${hint}`],
];

describe('SSRF guard at delivery time, without LOOPDESK_WEBHOOK_ALLOWED_HOSTS', () => {
  it('runs with no host allowed', () => {
    expect(config().LOOPDESK_WEBHOOK_ALLOWED_HOSTS).toEqual([]);
  });

  it.each(targets)('sends nothing to %s and logs the attempt as blocked_target', async (_what, url, reason) => {
    const hook = await webhookAt(url());
    const created = await call('POST', '/api/v1/tickets', { key: writeKey, body: { subject: 'Unable to login to account' } });
    expect(created.status).toBe(201);

    const delivery = await eventually(async () => {
      const [newest] = await deliveriesOf(hook.id);
      return newest && newest.attempts.length > 0 && newest;
    });

    expect(delivery).toMatchObject({ event: 'ticket.created', status: 'retrying', attempt_count: 1, delivered_at: null });
    expect(delivery.attempts).toEqual([
      {
        attempted_at: expect.stringMatching(isoSeconds),
        duration_ms: expect.any(Number),
        response_status: null,
        response_body: null,
        error: 'blocked_target',
        error_message: typeof reason === 'string' ? reason : expect.stringMatching(reason),
      },
    ]);
    expect(receiver.received).toEqual([]);
  });

  it('refuses a test ping to an internal address the same way, active webhook or not', async () => {
    for (const active of [true, false]) {
      const hook = await webhookAt(receiver.url('/ping'), active);

      const res = await call<DeliveryJson>('POST', `/api/v1/webhooks/${hook.id}/test`, { key: adminKey });

      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ event: 'ping', status: 'failed', attempt_count: 1 });
      expect(res.body.data.attempts).toEqual([
        {
          attempted_at: expect.stringMatching(isoSeconds),
          duration_ms: expect.any(Number),
          response_status: null,
          response_body: null,
          error: 'blocked_target',
          error_message: `URL host 127.0.0.1 is a loopback address; ${hint}`,
        },
      ]);
    }
    expect(receiver.received).toEqual([]);
  });

  it('refuses a redelivery to an internal address too', async () => {
    const hook = await webhookAt(`http://localhost:${port()}/redeliver`);
    await call('POST', '/api/v1/tickets', { key: writeKey, body: { subject: 'Unable to login to account' } });
    const delivery = await eventually(async () => {
      const [newest] = await deliveriesOf(hook.id);
      return newest && newest.attempts.length > 0 && newest;
    });

    const res = await call<DeliveryJson>('POST', `/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`, { key: adminKey });

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'retrying', attempt_count: 2 });
    expect(res.body.data.attempts.map((a) => a.error)).toEqual(['blocked_target', 'blocked_target']);
    expect(receiver.received).toEqual([]);
  });
});
