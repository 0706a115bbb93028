import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, webhookDeliveries, webhooks } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import type { WebhookJson } from '@/lib/webhooks/schema';

type CreatedWebhookJson = WebhookJson & { secret: string };

const publicUrl = 'https://93.184.215.14/hook';
const notFound = { status: 404, code: 'NOT_FOUND', message: 'Webhook not found' };

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const getWebhook = (id: number) => call<WebhookJson>('GET', `/api/v1/webhooks/${id}`, { key: adminKey });
const updateWebhook = (id: number, body: unknown) => call<WebhookJson>('PUT', `/api/v1/webhooks/${id}`, { key: adminKey, body });
const deleteWebhook = (id: number) => call('DELETE', `/api/v1/webhooks/${id}`, { key: adminKey });

async function newWebhook(body: Record<string, unknown> = {}): Promise<CreatedWebhookJson> {
  const res = await call<CreatedWebhookJson>('POST', '/api/v1/webhooks', {
    key: adminKey,
    body: { url: publicUrl, events: ['ticket.created'], ...body },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

const withoutSecret = ({ secret: _secret, ...rest }: CreatedWebhookJson): WebhookJson => rest;

async function storedRow(id: number) {
  const [row] = await getDb().select().from(webhooks).where(eq(webhooks.id, id));
  return row!;
}

/** What the delivery engine will do after failing for 3 days; it does not exist yet, so the test does it. */
async function disableAsDeliveryWould(id: number, reason: string) {
  await getDb().update(webhooks).set({ active: false, disabledReason: reason }).where(eq(webhooks.id, id));
}

describe('GET /api/v1/webhooks/{id}', () => {
  it('returns the webhook as created, without its secret', async () => {
    const created = await newWebhook({ description: 'Zapier', events: ['ticket.created', 'customer.created'] });
    const res = await getWebhook(created.id);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: withoutSecret(created) });
    expect(JSON.stringify(res.body)).not.toContain(created.secret);
  });

  it('answers 404 for an unknown id, and for an id that is not a number', async () => {
    expectError(await getWebhook(999_999), notFound);
    expectError(await call('GET', '/api/v1/webhooks/abc', { key: adminKey }), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });
});

describe('PUT /api/v1/webhooks/{id}', () => {
  it('changes the given fields only, and answers without the secret', async () => {
    const created = await newWebhook({ description: 'Old' });
    const res = await updateWebhook(created.id, { url: 'https://93.184.215.15/v2/hook', events: ['*'], description: null });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        ...withoutSecret(created),
        url: 'https://93.184.215.15/v2/hook',
        events: ['*'],
        description: null,
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    expect(JSON.stringify(res.body)).not.toContain(created.secret);
    expect((await getWebhook(created.id)).body.data).toEqual(res.body.data);
    expect((await storedRow(created.id)).secret).toBe(created.secret);
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'URL host 127.0.0.1 is a loopback address'],
    ['http://169.254.169.254/latest/meta-data', 'URL host 169.254.169.254 is a link-local address'],
    ['http://[::ffff:10.0.0.1]/', 'URL host [::ffff:a00:1] is a private address (IPv4 10.0.0.1 inside IPv6)'],
  ])('checks a new url again: refuses %s and changes nothing', async (url, reason) => {
    const created = await newWebhook();
    const res = await updateWebhook(created.id, { url, description: 'moved' });
    expectValidationError(res, [{ field: 'url', message: `${reason}; internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host` }]);
    expect((await getWebhook(created.id)).body.data).toEqual(withoutSecret(created));
  });

  it('refuses a new url that resolves to loopback', async () => {
    const created = await newWebhook();
    const res = await updateWebhook(created.id, { url: 'http://localhost/hook' });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]?.message).toMatch(/^URL host localhost resolves to (127\.0\.0\.1|::1), a loopback address; /);
  });

  it('re-activating a webhook the delivery engine disabled clears disabled_reason', async () => {
    const created = await newWebhook();
    await disableAsDeliveryWould(created.id, 'Deliveries failed for 3 days in a row');
    expect((await getWebhook(created.id)).body.data).toMatchObject({ active: false, disabled_reason: 'Deliveries failed for 3 days in a row' });

    const res = await updateWebhook(created.id, { active: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ active: true, disabled_reason: null });
  });

  it('keeps disabled_reason while the webhook stays inactive', async () => {
    const created = await newWebhook();
    await disableAsDeliveryWould(created.id, 'The receiver answered 410 Gone');
    const res = await updateWebhook(created.id, { active: false, description: 'Paused' });
    expect(res.body.data).toMatchObject({ active: false, disabled_reason: 'The receiver answered 410 Gone', description: 'Paused' });
  });

  it('replaces the secret at once with a given one, ending any rotation overlap, without echoing it', async () => {
    const created = await newWebhook();
    await call('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, { key: adminKey });
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

    const res = await updateWebhook(created.id, { secret });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ secret_prefix: secret.slice(0, 10), previous_secret_expires_at: null });
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(await storedRow(created.id)).toMatchObject({ secret, previousSecret: null, previousSecretExpiresAt: null });
  });

  it.each([
    ['an empty body', {}, { field: '', message: 'Give at least one field to update' }],
    ['an unknown event', { events: ['ticket.deleted'] }, { field: 'events[0]', message: expect.stringMatching(/^Events must be one of: ticket.created, /) }],
    ['an empty events list', { events: [] }, { field: 'events', message: 'Choose at least one event' }],
    ['a null url', { url: null }, { field: 'url', message: 'URL is required' }],
    [
      'an https url with credentials',
      { url: 'https://u:p@93.184.215.14/' },
      { field: 'url', message: expect.stringMatching(/^URL must not contain a user name or password/) },
    ],
    ['a short secret', { secret: 'short' }, { field: 'secret', message: 'Secret must be at least 32 characters' }],
    ['a null active flag', { active: null }, { field: 'active', message: 'Active is required' }],
  ])('refuses %s with 400 and changes nothing', async (_what, body, detail) => {
    const created = await newWebhook();
    expectValidationError(await updateWebhook(created.id, body), [detail]);
    expect((await getWebhook(created.id)).body.data).toEqual(withoutSecret(created));
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await updateWebhook(999_999, { active: false }), notFound);
  });
});

describe('DELETE /api/v1/webhooks/{id}', () => {
  it('deletes the webhook and its delivery log: 204, then 404 everywhere', async () => {
    const created = await newWebhook();
    const [event] = await getDb()
      .insert(events)
      .values({ type: 'ping', resourceType: 'webhook', resourceId: created.id, actor: { type: 'system', id: null }, payload: {} })
      .returning();
    await getDb().insert(webhookDeliveries).values({ webhookId: created.id, eventId: event!.id, eventType: 'ping' });

    const res = await deleteWebhook(created.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectError(await getWebhook(created.id), notFound);
    expectError(await updateWebhook(created.id, { active: true }), notFound);
    expectError(await call('POST', `/api/v1/webhooks/${created.id}/rotate-secret`, { key: adminKey }), notFound);
    expectError(await deleteWebhook(created.id), notFound);
    expect(await getDb().$count(webhookDeliveries, eq(webhookDeliveries.webhookId, created.id))).toBe(0);
  });

  it('leaves other webhooks alone', async () => {
    const keep = await newWebhook();
    const drop = await newWebhook();
    expect((await deleteWebhook(drop.id)).status).toBe(204);
    expect((await getWebhook(keep.id)).status).toBe(200);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await deleteWebhook(999_999), notFound);
  });
});
