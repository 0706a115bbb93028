import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhooks } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, isoSeconds } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import type { WebhookJson } from '@/lib/webhooks/schema';

type CreatedWebhookJson = WebhookJson & { secret: string };

const publicUrl = 'https://93.184.215.14/hook';
const hint = 'internal addresses are refused unless LOOPDESK_WEBHOOK_ALLOWED_HOSTS lists the host';
const allEvents =
  'ticket.created, ticket.updated, ticket.resolved, ticket.closed, ticket.assigned, ticket.merged, ticket.sla_breached, customer.created, customer.updated, agent.created, *';

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const createViaApi = (body: unknown, key = adminKey) => call<CreatedWebhookJson>('POST', '/api/v1/webhooks', { key, body });
const listWebhooks = (query = '') => call<WebhookJson[]>('GET', `/api/v1/webhooks${query}`, { key: adminKey });

async function newWebhook(body: Record<string, unknown> = {}): Promise<CreatedWebhookJson> {
  const res = await createViaApi({ url: publicUrl, events: ['ticket.created'], ...body });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function storedSecret(id: number): Promise<string> {
  const [row] = await getDb().select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, id));
  return row!.secret;
}

describe('POST /api/v1/webhooks', () => {
  it('creates a webhook and shows its generated whsec_ secret once, in data.secret', async () => {
    const res = await createViaApi({ url: publicUrl, events: ['ticket.created', 'ticket.resolved'] });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        url: publicUrl,
        events: ['ticket.created', 'ticket.resolved'],
        active: true,
        description: null,
        disabled_reason: null,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
        secret_prefix: expect.any(String),
        previous_secret_expires_at: null,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const { secret, secret_prefix } = res.body.data;
    expect(secret_prefix).toBe(secret.slice(0, 10));
    expect(await storedSecret(res.body.data.id)).toBe(secret);
  });

  it('keeps a secret, active flag and description given by the caller, and ["*"] for all events', async () => {
    const secret = 'a shared secret our receiver already holds';
    const res = await createViaApi({ url: publicUrl, events: ['*'], secret, active: false, description: 'CRM sync' });

    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ events: ['*'], secret, secret_prefix: 'a shared s', active: false, description: 'CRM sync' });
  });

  it('generates a different secret for every webhook', async () => {
    const a = await newWebhook();
    const b = await newWebhook();
    expect(a.secret).not.toBe(b.secret);
  });

  it('stores the URL in canonical form, as deliveries will request it', async () => {
    const created = await newWebhook({ url: ' HTTPS://93.184.215.14:443/Hook?source=loopdesk ' });
    expect(created.url).toBe('https://93.184.215.14/Hook?source=loopdesk');
  });

  it('accepts public IP literals without DNS (this machine has none), IPv6 included', async () => {
    expect((await newWebhook({ url: 'http://[2606:4700::1111]:8080/hook' })).url).toBe('http://[2606:4700::1111]:8080/hook');
  });

  it.each([
    ['a missing url', { events: ['*'] }, { field: 'url', message: 'URL is required' }],
    ['a url that is not a string', { url: 42, events: ['*'] }, { field: 'url', message: 'URL must be a string' }],
    ['a relative url', { url: '/hook', events: ['*'] }, { field: 'url', message: 'URL must be an absolute http:// or https:// URL' }],
    ['an ftp:// url', { url: 'ftp://93.184.215.14/hook', events: ['*'] }, { field: 'url', message: 'URL must use http:// or https://, not ftp://' }],
    [
      'credentials in the url',
      { url: 'https://admin:hunter2@93.184.215.14/hook', events: ['*'] },
      { field: 'url', message: 'URL must not contain a user name or password; receivers authenticate deliveries by their signature' },
    ],
    [
      'a url over 2048 characters',
      { url: `${publicUrl}?${'x'.repeat(2048)}`, events: ['*'] },
      { field: 'url', message: 'URL must be at most 2048 characters' },
    ],
    ['missing events', { url: publicUrl }, { field: 'events', message: 'Events is required' }],
    ['events that are not a list', { url: publicUrl, events: 'ticket.created' }, { field: 'events', message: 'Events must be an array' }],
    ['an empty events list', { url: publicUrl, events: [] }, { field: 'events', message: 'Choose at least one event' }],
    [
      'an unknown event',
      { url: publicUrl, events: ['ticket.created', 'ticket.exploded'] },
      { field: 'events[1]', message: `Events must be one of: ${allEvents}` },
    ],
    [
      'an event listed twice',
      { url: publicUrl, events: ['ticket.created', 'ticket.closed', 'ticket.created'] },
      { field: 'events[2]', message: 'Event ticket.created is listed more than once' },
    ],
    [
      '"*" beside other events',
      { url: publicUrl, events: ['*', 'ticket.created'] },
      { field: 'events', message: 'Events must be either ["*"] for all events or a list of events, not both' },
    ],
    [
      'a secret under 32 characters',
      { url: publicUrl, events: ['*'], secret: 'too-short' },
      { field: 'secret', message: 'Secret must be at least 32 characters' },
    ],
    [
      'a whsec_ secret that is not base64 of 24 to 64 bytes',
      { url: publicUrl, events: ['*'], secret: 'whsec_this is not base64 at all, sorry' },
      { field: 'secret', message: 'A secret starting with whsec_ must continue with the base64 of 24 to 64 random bytes' },
    ],
    ['an active flag that is not a boolean', { url: publicUrl, events: ['*'], active: 'yes' }, { field: 'active', message: 'Active must be a boolean' }],
    [
      'a description over 1000 characters',
      { url: publicUrl, events: ['*'], description: 'x'.repeat(1001) },
      { field: 'description', message: 'Description must be at most 1000 characters' },
    ],
  ])('refuses %s with 400 and the field error, writing nothing', async (_what, body, detail) => {
    const before = await getDb().$count(webhooks);
    expectValidationError(await createViaApi(body), [detail]);
    expect(await getDb().$count(webhooks)).toBe(before);
  });

  it.each([
    ['http://127.0.0.1/', 'URL host 127.0.0.1 is a loopback address'],
    ['http://10.1.2.3/', 'URL host 10.1.2.3 is a private address'],
    ['http://169.254.169.254/latest/meta-data', 'URL host 169.254.169.254 is a link-local address'],
    ['http://[::1]/', 'URL host [::1] is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', 'URL host [::ffff:7f00:1] is a loopback address (IPv4 127.0.0.1 inside IPv6)'],
    ['http://0.0.0.0/', 'URL host 0.0.0.0 is an unspecified address'],
    ['https://192.168.1.20:8443/hook', 'URL host 192.168.1.20 is a private address'],
    ['http://[fd00::1]/', 'URL host [fd00::1] is a private address'],
  ])('refuses the internal target %s with 400 on url (SSRF guard)', async (url, reason) => {
    const before = await getDb().$count(webhooks);
    expectValidationError(await createViaApi({ url, events: ['*'] }), [{ field: 'url', message: `${reason}; ${hint}` }]);
    expect(await getDb().$count(webhooks)).toBe(before);
  });

  it('refuses a host name that resolves to loopback (localhost), naming the address', async () => {
    const res = await createViaApi({ url: 'http://localhost:3000/hook', events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'url', message: expect.stringMatching(/^URL host localhost resolves to (127\.0\.0\.1|::1), a loopback address; internal addresses/) },
    ]);
  });

  it('refuses a host that cannot be resolved', async () => {
    // Over 255 characters: the resolver refuses it locally, without a DNS query.
    const host = `${`${'a'.repeat(60)}.`.repeat(5)}invalid`;
    expectValidationError(await createViaApi({ url: `https://${host}/hook`, events: ['*'] }), [
      { field: 'url', message: `Host ${host} could not be resolved` },
    ]);
  });
});

describe('GET /api/v1/webhooks', () => {
  it('lists webhooks newest first, paginated, without any secret', async () => {
    const made = [await newWebhook({ description: 'one' }), await newWebhook({ description: 'two' }), await newWebhook({ description: 'three' })];
    const total = await getDb().$count(webhooks);

    const res = await listWebhooks('?per_page=2');
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({
      current_page: 1,
      per_page: 2,
      total,
      total_pages: Math.ceil(total / 2),
      has_next: true,
      has_prev: false,
    });
    const { secret: _secret, ...newest } = made[2]!;
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data[0]).toEqual(newest);
    expect(res.body.data[1]!.id).toBe(made[1]!.id);

    const all = await listWebhooks('?per_page=100');
    const text = JSON.stringify(all.body);
    for (const webhook of made) expect(text).not.toContain(webhook.secret);
    for (const item of all.body.data) expect(Object.keys(item)).not.toContain('secret');
  });

  it('refuses per_page over 100', async () => {
    expectValidationError(await listWebhooks('?per_page=101'), [{ field: 'per_page', message: 'Per page must be at most 100' }]);
  });
});

describe('permissions on /api/v1/webhooks', () => {
  const endpoints = [
    { method: 'GET', path: () => '/api/v1/webhooks' },
    { method: 'POST', path: () => '/api/v1/webhooks', body: { url: publicUrl, events: ['*'] } },
    { method: 'GET', path: (id: number) => `/api/v1/webhooks/${id}` },
    { method: 'PUT', path: (id: number) => `/api/v1/webhooks/${id}`, body: { url: 'https://93.184.215.15/stolen' } },
    { method: 'DELETE', path: (id: number) => `/api/v1/webhooks/${id}` },
    { method: 'POST', path: (id: number) => `/api/v1/webhooks/${id}/rotate-secret` },
  ];

  it.each(['read', 'write'] as const)('answers 403 to a %s key on every endpoint and changes nothing', async (permission) => {
    const key = await createKey(permission);
    const target = await newWebhook();
    const before = await getDb().select().from(webhooks);

    for (const { method, path, body } of endpoints) {
      expectError(await call(method, path(target.id), { key, body }), {
        status: 403,
        code: 'FORBIDDEN',
        message: 'This action requires admin permission',
      });
    }
    expect(await getDb().select().from(webhooks)).toEqual(before);
  });

  it('answers 401 on every endpoint without a key', async () => {
    const target = await newWebhook();
    for (const { method, path, body } of endpoints) {
      expectError(await call(method, path(target.id), { body }), {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Authentication required: send Authorization: Bearer <API key>',
      });
    }
  });

  it.each([
    ['PATCH', '/api/v1/webhooks', 'GET, POST'],
    ['PATCH', '/api/v1/webhooks/1', 'GET, PUT, DELETE'],
    ['POST', '/api/v1/webhooks/1', 'GET, PUT, DELETE'],
    ['GET', '/api/v1/webhooks/1/rotate-secret', 'POST'],
  ])('answers 405 to %s %s, naming the allowed methods', async (method, path, allow) => {
    const res = await call(method, path, { key: adminKey });
    expectError(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `Method ${method} is not allowed here; allowed: ${allow}` });
    expect(res.headers.get('allow')).toBe(allow);
  });
});
