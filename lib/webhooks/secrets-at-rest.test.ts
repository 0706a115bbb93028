import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { call } from '@/lib/test/api';
import { createKey } from '@/lib/test/factories';
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
});
