import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { webhooks } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, isoSeconds } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';
import type { WebhookJson } from '@/lib/webhooks/schema';
import { signingSecrets } from '@/lib/webhooks/signature';

type WebhookWithSecret = WebhookJson & { secret: string };

const DAY_MS = 24 * 60 * 60 * 1000;

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const rotate = (id: number) => call<WebhookWithSecret>('POST', `/api/v1/webhooks/${id}/rotate-secret`, { key: adminKey });

async function newWebhook(): Promise<WebhookWithSecret> {
  const res = await call<WebhookWithSecret>('POST', '/api/v1/webhooks', {
    key: adminKey,
    body: { url: 'https://93.184.215.14/hook', events: ['*'] },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function storedRow(id: number) {
  const [row] = await getDb().select().from(webhooks).where(eq(webhooks.id, id));
  return row!;
}

describe('POST /api/v1/webhooks/{id}/rotate-secret', () => {
  it('issues a new secret, shown this once, and keeps the old one signing for 24 hours', async () => {
    const created = await newWebhook();
    const before = Date.now();
    const res = await rotate(created.id);

    expect(res.status).toBe(200);
    const { secret: _old, ...unchanged } = created;
    expect(res.body).toEqual({
      success: true,
      data: {
        ...unchanged,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
        secret_prefix: expect.any(String),
        previous_secret_expires_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const { secret, secret_prefix, previous_secret_expires_at } = res.body.data;
    expect(secret).not.toBe(created.secret);
    expect(secret_prefix).toBe(secret.slice(0, 10));
    const expires = Date.parse(previous_secret_expires_at!);
    expect(expires).toBeGreaterThanOrEqual(before + DAY_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + DAY_MS + 1000);

    const row = await storedRow(created.id);
    expect(row).toMatchObject({ secret, previousSecret: created.secret });
    expect(signingSecrets(row)).toEqual([secret, created.secret]);
    expect(signingSecrets(row, new Date(expires + 1000))).toEqual([secret]);
  });

  it('never shows either secret again in GET or the list', async () => {
    const created = await newWebhook();
    const { secret } = (await rotate(created.id)).body.data;

    const one = await call<WebhookJson>('GET', `/api/v1/webhooks/${created.id}`, { key: adminKey });
    const list = await call<WebhookJson[]>('GET', '/api/v1/webhooks?per_page=100', { key: adminKey });
    for (const res of [one, list]) {
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(created.secret);
    }
    expect(one.body.data.previous_secret_expires_at).toMatch(isoSeconds);
  });

  it('drops the oldest secret when rotated again within the 24 hours', async () => {
    const created = await newWebhook();
    const first = (await rotate(created.id)).body.data.secret;
    const second = (await rotate(created.id)).body.data.secret;

    expect(new Set([created.secret, first, second]).size).toBe(3);
    expect(signingSecrets(await storedRow(created.id))).toEqual([second, first]);
  });

  it('answers 404 for an unknown id', async () => {
    expectError(await rotate(999_999), { status: 404, code: 'NOT_FOUND', message: 'Webhook not found' });
  });
});
