import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { call } from '@/lib/test/api';
import { useAuthSecret } from '@/lib/config';
import { createKey } from '@/lib/test/factories';
import { deliverWebhooks } from './deliver';
import { encryptStoredWebhookSecrets, getWebhookOrThrow } from './service';

// Read at the first request: lets the webhook target this machine, where nothing answers.
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

const rawSecrets = async (id: number) =>
  (await getDb().execute<{ secret: string; previous_secret: string | null }>(sql`select secret, previous_secret from webhooks where id = ${id}`))[0]!;

async function newWebhook() {
  const res = await call<{ id: number; secret: string }>('POST', '/api/v1/webhooks', {
    key: await createKey('admin'),
    body: { url: 'http://127.0.0.1:9/hooks', events: ['ticket.created'] },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('webhook secrets at rest', () => {
  it('stores a new secret and a rotated one encrypted, and signs with them as given', async () => {
    const webhook = await newWebhook();
    let raw = await rawSecrets(webhook.id);
    expect(raw.secret).toMatch(/^enc:v1:/);
    expect(raw.secret).not.toContain(webhook.secret.slice(6));
    expect((await getWebhookOrThrow(getDb(), webhook.id)).secret).toBe(webhook.secret);

    const rotated = await call<{ secret: string }>('POST', `/api/v1/webhooks/${webhook.id}/rotate-secret`, { key: await createKey('admin') });
    raw = await rawSecrets(webhook.id);
    expect(raw.previous_secret).toMatch(/^enc:v1:/);
    const stored = await getWebhookOrThrow(getDb(), webhook.id);
    expect([stored.secret, stored.previousSecret]).toEqual([rotated.body.data.secret, webhook.secret]);
  });

  it('answers 409 for a secret stored under another key, and takes a new secret with PUT', async () => {
    const webhook = await newWebhook();
    const key = await createKey('admin');
    const original = process.env.AUTH_SECRET!;
    useAuthSecret(randomBytes(32).toString('base64url'));
    try {
      const unreadable = await call('GET', `/api/v1/webhooks/${webhook.id}`, { key });
      expect(unreadable.status).toBe(409);
      expect(unreadable.body.error.message).toBe('A stored secret cannot be read with the current encryption key: set a new one (PUT with "secret")');
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      expect((await call('PUT', `/api/v1/webhooks/${webhook.id}`, { key, body: { secret } })).status).toBe(200);
      expect((await getWebhookOrThrow(getDb(), webhook.id)).secret).toBe(secret);
    } finally {
      useAuthSecret(original);
    }
  });

  it('encrypts secrets stored in plain text before, keeping their value', async () => {
    const webhook = await newWebhook();
    const plain = 'whsec_c3RvcmVkIGJlZm9yZSBlbmNyeXB0aW9uIGV4aXN0ZWQ';
    await getDb().execute(sql`update webhooks set secret = ${plain}, previous_secret = null where id = ${webhook.id}`);
    expect((await getWebhookOrThrow(getDb(), webhook.id)).secret).toBe(plain);
    expect(await encryptStoredWebhookSecrets(getDb())).toBe(1);
    expect((await rawSecrets(webhook.id)).secret).toMatch(/^enc:v1:/);
    expect((await getWebhookOrThrow(getDb(), webhook.id)).secret).toBe(plain);
    expect(await encryptStoredWebhookSecrets(getDb())).toBe(0);
  });

  it("releases its claim on deliveries whose attempt failed, so the queue's retry can make it", async () => {
    const webhook = await newWebhook();
    await call('POST', '/api/v1/tickets', { key: await createKey('write'), body: { subject: 'Delivered later' } });
    const [delivery] = await getDb().execute<{ id: number }>(sql`select id from webhook_deliveries where webhook_id = ${webhook.id}`);
    const original = process.env.AUTH_SECRET!;
    useAuthSecret(randomBytes(32).toString('base64url'));
    try {
      await expect(deliverWebhooks(getDb(), [delivery!.id])).rejects.toThrow();
    } finally {
      useAuthSecret(original);
    }
    const [row] = await getDb().execute<{ locked_until: string | null; status: string }>(
      sql`select locked_until, status from webhook_deliveries where id = ${delivery!.id}`,
    );
    expect(row).toEqual({ locked_until: null, status: 'pending' });
  });
});
