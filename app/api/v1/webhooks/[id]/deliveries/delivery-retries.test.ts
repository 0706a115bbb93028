import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhookDeliveryAttempts, webhooks } from '@/db/schema';
import type { AuditEntryJson } from '@/lib/audit/schema';
import { isoSeconds } from '@/lib/test/expectations';
import { eventually } from '@/lib/test/webhook-receiver';
import type { WebhookJson } from '@/lib/webhooks/schema';
import {
  adminKey,
  receiver,
  newWebhook,
  api,
  newTicket,
  deliveriesOf,
  newestDelivery,
  attempted,
  requestsTo,
  webhookRow,
  getWebhook,
  jobsFor,
  ms,
  anAttempt,
  header,
} from './delivery-fixture';

/** Deliveries end to end: retries after failures and timeouts, Retry-After, and a webhook's health. */
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

/** The audit log's entry for a webhook switched off by Loopdesk, under the delivery that decided it. */
async function expectSwitchedOffInAuditLog(webhookId: number, deliveryId: number, reason: string | null) {
  const entries = await api<AuditEntryJson[]>(
    'GET',
    `/api/v1/audit-log?resource_type=webhook&resource_id=${webhookId}&action=webhook.updated`,
    undefined,
    adminKey,
  );
  expect(entries).toEqual([
    expect.objectContaining({
      actor: { type: 'system', id: null, name: 'Loopdesk', app: null },
      request_id: `webhook-delivery-${deliveryId}`,
      ip_address: null,
      changes: ['active', 'disabled_reason'],
      before: { active: true, disabled_reason: null },
      after: { active: false, disabled_reason: reason },
      details: { delivery_id: deliveryId },
    }),
  ]);
}

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
    await expectSwitchedOffInAuditLog(hook.id, delivery.id, webhook.disabled_reason);

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
    await expectSwitchedOffInAuditLog(hook.id, delivery.id, webhook.disabled_reason);

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
