import { createHmac } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhookDeliveries, webhookDeliveryAttempts, webhooks, type DomainEvent, type Webhook, type WebhookDelivery } from '@/db/schema';
import { ticketEvents } from '@/lib/test/expectations';
import { createTicket } from '@/lib/test/factories';
import { eventually, startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import { MAX_ATTEMPTS, retryDelaySeconds, USER_AGENT, webhookBody, webhookHeaders } from './deliver';
import { DELIVERY_QUEUE } from '@/lib/jobs/queue';
import { parseRetryAfter, postWebhook, RESPONSE_BODY_BYTES } from './send';
import { deleteOldDeliveries, requeueLostDeliveries, startWebhookWorker, type WebhookWorker } from './worker';

// Configuration is read once per test file, at the first use: set it before any.
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

const DAY_MS = 86_400_000;
const noRetryAfter = { retryAfterSeconds: null };
/** The waits the code schedules after each failed attempt but the last, jitter at its middle (none). */
const schedule = (random = () => 0.5) => Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1, noRetryAfter, random));

describe('retryDelaySeconds', () => {
  it('waits 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h and 24 h after the 1st to 9th failed attempts', () => {
    expect(schedule()).toEqual([10, 60, 300, 1800, 7200, 21600, 43200, 86400, 86400]);
  });

  it('gives up after ten attempts spread over about three days', () => {
    expect(MAX_ATTEMPTS).toBe(10);
    const total = schedule().reduce((sum, s) => sum + s, 0);
    expect(total).toBe(246_970);
    expect(total / 86_400).toBeGreaterThan(2.8);
  });

  it('jitters each wait by at most 20 % either way', () => {
    expect(schedule(() => 0)).toEqual(schedule().map((s) => Math.round(s * 0.8)));
    expect(schedule(() => 0.999999)).toEqual(schedule().map((s) => Math.round(s * 1.2)));
    expect(retryDelaySeconds(1, noRetryAfter, () => 0.25)).toBe(9);
  });

  it('stays within the jitter bounds with the real random source', () => {
    const delays = Array.from({ length: 200 }, () => retryDelaySeconds(2, noRetryAfter));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(48);
    expect(Math.max(...delays)).toBeLessThanOrEqual(72);
  });

  it("uses the receiver's Retry-After instead of the schedule", () => {
    expect(retryDelaySeconds(1, { retryAfterSeconds: 120 }, () => 0)).toBe(120);
    expect(retryDelaySeconds(8, { retryAfterSeconds: 5 }, () => 0)).toBe(5);
  });

  it('waits at least 1 s and at most a day, whatever Retry-After says', () => {
    expect(retryDelaySeconds(1, { retryAfterSeconds: 0 })).toBe(1);
    expect(retryDelaySeconds(1, { retryAfterSeconds: 86_400 })).toBe(86_400);
    expect(retryDelaySeconds(1, { retryAfterSeconds: 86_401 })).toBe(86_400);
    expect(retryDelaySeconds(1, { retryAfterSeconds: 10_000_000 })).toBe(86_400);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-08-23T10:30:00.400Z');

  it.each([
    ['120', 120],
    [' 7 ', 7],
    ['0', 0],
  ])('reads delta-seconds %j as %i', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([
    ['an IMF-fixdate', 'Sat, 23 Aug 2025 10:31:00 GMT', 60],
    ['an RFC 850 date', 'Saturday, 23-Aug-25 10:31:00 GMT', 60],
    ['an asctime date', 'Sat Aug 23 10:31:00 2025', 60],
    ['a date less than a second ahead', 'Sat, 23 Aug 2025 10:30:01 GMT', 1],
    ['a date in the past', 'Sat, 23 Aug 2025 10:00:00 GMT', 0],
  ])('reads %s as the seconds until then, rounded up', (_what, value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it('reads an asctime date as GMT, whatever the time zone the server runs in', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(parseRetryAfter('Sat Aug 23 10:31:00 2025', now)).toBe(60);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it.each([undefined, '', '   ', 'soon', 'next week', '1.5', '-5', '1e3', '12 monkeys', 'Tuesday 3', '2025-08-23T10:31:00Z'])(
    'ignores %j, which is neither delta-seconds nor an HTTP-date',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeNull();
    },
  );
});

const event: DomainEvent = {
  id: 4711,
  type: 'ticket.created',
  resourceType: 'ticket',
  resourceId: 78902,
  actor: { type: 'api_key', id: 3 },
  payload: { ticket: { id: 78902, subject: 'Café au lait — ünïcödé ✓ 🎫', tags: ['login'] } },
  requestId: 'req-1',
  ip: null,
  createdAt: new Date('2025-08-23T10:30:00.987Z'),
};

describe('postWebhook', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  const post = () => postWebhook(receiver.url('/kept'), '{}', { 'Content-Type': 'application/json' });

  it('sends one delivery after another to a receiver over one connection kept open', async () => {
    expect((await post()).ok).toBe(true);
    expect((await post()).ok).toBe(true);
    const [first, second] = receiver.at('/kept').slice(-2);
    expect(second!.remotePort).toBe(first!.remotePort);
  });

  it('closes a connection whose answer it cut short, and opens a new one for the next delivery', async () => {
    receiver.respondWith(() => ({ status: 200, body: 'x'.repeat(RESPONSE_BODY_BYTES * 50) }));
    const cut = await post();
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    expect(cut.responseBody).toHaveLength(RESPONSE_BODY_BYTES);
    expect((await post()).ok).toBe(true);
    const [first, second] = receiver.at('/kept').slice(-2);
    expect(second!.remotePort).not.toBe(first!.remotePort);
  });
});

describe('webhookBody', () => {
  it("is the reference's payload plus the event id, with the time in whole seconds", () => {
    expect(webhookBody(event)).toBe(
      '{"id":4711,"event":"ticket.created","timestamp":"2025-08-23T10:30:00Z","data":{"ticket":{"id":78902,"subject":"Café au lait — ünïcödé ✓ 🎫","tags":["login"]}}}',
    );
  });

  it('leaves what else the event recorded, such as the changed fields, out of data', () => {
    const updated = { ...event, type: 'ticket.updated', payload: { ...event.payload, changes: ['subject'] } };
    expect(JSON.parse(webhookBody(updated)).data).toEqual({ ticket: event.payload.ticket });
  });

  it('is the same bytes every time it is built from the event, so retries carry the same body', () => {
    const again = { ...event, payload: structuredClone(event.payload) };
    expect(webhookBody(again)).toBe(webhookBody(event));
  });
});

describe('webhookHeaders', () => {
  const now = new Date('2025-08-23T10:30:05.600Z');
  const body = webhookBody(event);
  const delivery = { id: 91, eventType: 'ticket.created' } as WebhookDelivery;
  const referenceHmac = (key: string) => `sha256=${createHmac('sha256', key).update(body, 'utf8').digest('hex')}`;
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const oldSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
  // The Standard Webhooks signatures are computed by the spec's own JavaScript library, not by us.
  const standard = (key: string, at = now) => new StandardWebhook(key).sign('91', at, body);
  const hook = (fields: Partial<Webhook>) => ({ secret, previousSecret: null, previousSecretExpiresAt: null, ...fields }) as Webhook;

  it('names the event and delivery, and signs the body both ways with the secret', () => {
    expect(webhookHeaders(hook({}), delivery, body, now)).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      'X-Loopdesk-Event': 'ticket.created',
      'X-Loopdesk-Delivery': '91',
      'X-Loopdesk-Timestamp': '1755945005',
      'X-Loopdesk-Signature': referenceHmac(secret),
      'webhook-id': '91',
      'webhook-timestamp': '1755945005',
      'webhook-signature': standard(secret),
    });
  });

  it('adds the replaced secret while its 24 hours last, and drops it after', () => {
    const rotated = hook({ previousSecret: oldSecret, previousSecretExpiresAt: new Date(now.getTime() + 1000) });
    expect(webhookHeaders(rotated, delivery, body, now)).toMatchObject({
      'X-Loopdesk-Signature': referenceHmac(secret),
      'X-Loopdesk-Signature-Previous': referenceHmac(oldSecret),
      'webhook-signature': `${standard(secret)} ${standard(oldSecret)}`,
    });

    const later = new Date(now.getTime() + 1000);
    const headers = webhookHeaders(rotated, delivery, body, later);
    expect(headers).not.toHaveProperty('X-Loopdesk-Signature-Previous');
    expect(headers['webhook-signature']).toBe(standard(secret, later));
  });

  it("passes the Standard Webhooks library's verify with either secret during a rotation, and fails a tampered body", () => {
    const rotated = hook({ previousSecret: oldSecret, previousSecretExpiresAt: new Date(Date.now() + 60_000) });
    // verify() refuses timestamps more than five minutes from its clock, so these headers are signed now.
    const headers = webhookHeaders(rotated, delivery, body);
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new StandardWebhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new StandardWebhook(secret).verify(body.replace('78902', '78903'), headers)).toThrow('No matching signature found');
  });

  it('signs with a secret an admin chose (not whsec_) as the library does when given its UTF-8 bytes raw', () => {
    const chosen = 'our shared secret — ünïcödé';
    const headers = webhookHeaders(hook({ secret: chosen }), delivery, body);
    // Such a secret is no base64 key: receivers hand its bytes to the library with `format: 'raw'`.
    const receiver = new StandardWebhook(new TextEncoder().encode(chosen), { format: 'raw' });
    expect(receiver.verify(body, headers)).toEqual(JSON.parse(body));
  });
});

// The sweep and the clean-up, against the database: deliveries in the states they look for.

let receiver: Receiver;
let webhookId: number;
let eventIds: number[];
let worker: WebhookWorker | undefined;
const sweepSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

beforeAll(async () => {
  receiver = await startReceiver();
  // Events made before any webhook exists fan out to none: these tests give them deliveries by hand.
  eventIds = [];
  for (const subject of ['Unable to login to account', 'Password reset email never arrives', 'Invoice shows the wrong VAT number']) {
    const ticket = await createTicket({ subject });
    const [created] = await ticketEvents(ticket.id);
    eventIds.push(created!.id);
  }
  const [hook] = await getDb()
    .insert(webhooks)
    .values({ url: receiver.url('/sweep'), events: ['customer.created'], secret: sweepSecret })
    .returning();
  webhookId = hook!.id;
});

afterAll(async () => {
  await worker?.stop();
  await receiver.close();
});

type DeliveryRow = Partial<typeof webhookDeliveries.$inferInsert>;

async function insertDelivery(fields: DeliveryRow): Promise<WebhookDelivery> {
  const [row] = await getDb()
    .insert(webhookDeliveries)
    .values({ webhookId, eventId: eventIds[0]!, eventType: 'ticket.created', ...fields })
    .returning();
  return row!;
}

const ago = (ms: number) => new Date(Date.now() - ms);
const MINUTE_MS = 60_000;

async function queuedJobs(deliveryId: number): Promise<number> {
  const [row] = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = ${DELIVERY_QUEUE} and (data->>'deliveryId')::int = ${deliveryId}`,
  );
  return row!.n;
}

async function storedDelivery(id: number) {
  const [row] = await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

describe('requeueLostDeliveries', () => {
  it('queues a job again only for due deliveries more than ten minutes late with no attempt under way', async () => {
    const lostPending = await insertDelivery({ status: 'pending', nextAttemptAt: ago(20 * MINUTE_MS) });
    const lostRetrying = await insertDelivery({ status: 'retrying', attempts: 3, nextAttemptAt: ago(11 * MINUTE_MS), eventId: eventIds[1]! });
    const fresh = await insertDelivery({ status: 'pending', nextAttemptAt: ago(5 * MINUTE_MS) });
    const future = await insertDelivery({ status: 'retrying', attempts: 1, nextAttemptAt: new Date(Date.now() + 60 * MINUTE_MS) });
    const underWay = await insertDelivery({
      status: 'pending',
      nextAttemptAt: ago(20 * MINUTE_MS),
      lockedUntil: new Date(Date.now() + 30_000),
    });
    const settled = await insertDelivery({ status: 'succeeded', nextAttemptAt: ago(20 * MINUTE_MS), attempts: 1 });
    const givenUp = await insertDelivery({ status: 'failed', nextAttemptAt: ago(20 * MINUTE_MS), attempts: 10 });

    expect(await requeueLostDeliveries()).toBe(2);

    const jobs = await Promise.all([lostPending, lostRetrying, fresh, future, underWay, settled, givenUp].map((d) => queuedJobs(d.id)));
    expect(jobs).toEqual([1, 1, 0, 0, 0, 0, 0]);
    await getDb()
      .delete(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, [lostPending.id, lostRetrying.id, fresh.id, future.id, underWay.id, settled.id, givenUp.id]));
  });

  it('lets a worker started later deliver a delivery whose job was lost, once, signed as the Standard Webhooks library checks', async () => {
    const lost = await insertDelivery({ status: 'pending', nextAttemptAt: ago(20 * MINUTE_MS), eventId: eventIds[2]! });
    expect(await queuedJobs(lost.id)).toBe(0);

    // The worker sweeps once as it starts, then every five minutes.
    worker = await startWebhookWorker({ pollingIntervalSeconds: 0.5 });
    const delivered = await eventually(async () => {
      const row = await storedDelivery(lost.id);
      return row?.status === 'succeeded' && row;
    });

    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 1, nextAttemptAt: null, lockedUntil: null });
    const requests = receiver.at('/sweep').filter((r) => r.headers['x-loopdesk-delivery'] === String(lost.id));
    expect(requests).toHaveLength(1);
    expect(JSON.parse(requests[0]!.body)).toMatchObject({ id: eventIds[2], event: 'ticket.created' });
    // What went over the wire passes the Standard Webhooks library's check with the webhook's secret.
    const received = Object.fromEntries(Object.entries(requests[0]!.headers).map(([name, value]) => [name, String(value)]));
    expect(new StandardWebhook(sweepSecret).verify(requests[0]!.body, received)).toEqual(JSON.parse(requests[0]!.body));
    expect(await queuedJobs(lost.id)).toBe(1);
    await worker.stop();
    worker = undefined;
  });
});

describe('deleteOldDeliveries', () => {
  async function withAttempt(fields: DeliveryRow) {
    const delivery = await insertDelivery(fields);
    await getDb()
      .insert(webhookDeliveryAttempts)
      .values({ deliveryId: delivery.id, attemptedAt: fields.createdAt ?? new Date(), durationMs: 12, responseStatus: 200, responseBody: 'ok' });
    return delivery;
  }

  it('deletes settled deliveries older than 30 days with their attempts, and keeps the rest', async () => {
    const oldSucceeded = await withAttempt({ status: 'succeeded', attempts: 1, createdAt: ago(31 * DAY_MS) });
    const oldFailed = await withAttempt({ status: 'failed', attempts: 10, createdAt: ago(31 * DAY_MS) });
    const recentSucceeded = await withAttempt({ status: 'succeeded', attempts: 1, createdAt: ago(29 * DAY_MS) });
    const tomorrow = new Date(Date.now() + DAY_MS);
    const oldRetrying = await withAttempt({ status: 'retrying', attempts: 9, createdAt: ago(31 * DAY_MS), nextAttemptAt: tomorrow });
    const oldPending = await insertDelivery({ status: 'pending', createdAt: ago(31 * DAY_MS), nextAttemptAt: tomorrow });
    const all = [oldSucceeded, oldFailed, recentSucceeded, oldRetrying, oldPending].map((d) => d.id);

    expect(await deleteOldDeliveries()).toBe(2);

    const left = await getDb().select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(inArray(webhookDeliveries.id, all));
    expect(left.map((r) => r.id).sort((a, b) => a - b)).toEqual([recentSucceeded.id, oldRetrying.id, oldPending.id]);
    const attempts = await getDb()
      .select({ deliveryId: webhookDeliveryAttempts.deliveryId })
      .from(webhookDeliveryAttempts)
      .where(inArray(webhookDeliveryAttempts.deliveryId, all));
    expect(attempts.map((a) => a.deliveryId).sort((a, b) => a - b)).toEqual([recentSucceeded.id, oldRetrying.id]);
  });
});
