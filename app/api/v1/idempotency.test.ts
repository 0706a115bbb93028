import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { apiKeys, attachments, idempotencyKeys, replies, tickets, webhooks } from '@/db/schema';
import { deleteExpiredIdempotencyKeys } from '@/lib/api/idempotency';
import { call, send, type ApiResult, type CallOptions } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createTicket, createAgent, createKey } from '@/lib/test/factories';
import { everyByte } from '@/lib/test/files';
import { webHeaders } from '@/lib/test/session';
import { eventually } from '@/lib/test/webhook-receiver';

let writeKey: string;
let otherWriteKey: string;
let readKey: string;
let adminKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
  otherWriteKey = await createKey('write');
  readKey = await createKey('read');
  adminKey = await createKey('admin');
});

let counter = 0;
/** A fresh key value per test, so that the tests sharing this file's database never meet. */
const newKey = () => `key-${Date.now()}-${counter++}`;

const withKey = (idempotencyKey: string, options: CallOptions = {}): CallOptions => ({
  key: writeKey,
  ...options,
  headers: { 'Idempotency-Key': idempotencyKey, ...options.headers },
});

const postTicket = (idempotencyKey: string, body: unknown = { subject: 'Printer on fire' }, options: CallOptions = {}) =>
  call<{ id: number }>('POST', '/api/v1/tickets', withKey(idempotencyKey, { body, ...options }));

const ticketCount = () => getDb().$count(tickets);
const keyRows = (key: string) => getDb().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));

/** Status, headers and the exact bytes of the body. */
async function rawPost(path: string, options: CallOptions) {
  const response = await send('POST', path, options);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('Idempotency-Key on POST', () => {
  it('answers a retry with the first answer, byte for byte, marked Idempotent-Replayed, and creates nothing', async () => {
    const key = newKey();
    const before = await ticketCount();
    const options = withKey(key, { body: { subject: 'Unable to login', priority: 'high' } });

    const first = await rawPost('/api/v1/tickets', options);
    const retry = await rawPost('/api/v1/tickets', options);

    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    expect(retry).toMatchObject({ status: 201, text: first.text });
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'));
    expect(retry.headers.get('X-Request-Id')).not.toBe(first.headers.get('X-Request-Id'));
    expect(await ticketCount()).toBe(before + 1);
  });

  it('answers 409 to the same key with another body, path or method, and creates nothing', async () => {
    const key = newKey();
    expect((await postTicket(key, { subject: 'First' })).status).toBe(201);
    const before = await ticketCount();
    const reused = { status: 409, code: 'CONFLICT', message: 'This Idempotency-Key was used with a different request' };

    expectError(await postTicket(key, { subject: 'Second' }), reused);
    expectError(await postTicket(key, { subject: 'First', priority: 'high' }), reused);
    expectError(await call('POST', '/api/v1/customers', withKey(key, { body: { subject: 'First' } })), reused);
    expect(await ticketCount()).toBe(before);
  });

  it('creates exactly one ticket from 10 identical requests sent at once', async () => {
    const key = newKey();
    const before = await ticketCount();

    const answers = await Promise.all(Array.from({ length: 10 }, () => postTicket(key, { subject: 'Sent ten times' })));

    const firsts = answers.filter((res) => res.status === 201 && res.headers.get('Idempotent-Replayed') === null);
    const replays = answers.filter((res) => res.status === 201 && res.headers.get('Idempotent-Replayed') === 'true');
    const running = answers.filter((res) => res.status === 409);
    expect(firsts).toHaveLength(1);
    expect(replays.length + running.length).toBe(9);
    for (const res of replays) expect(res.body).toEqual(firsts[0]!.body);
    for (const res of running) expect(res.body.error.message).toBe('A request with this Idempotency-Key is still in progress; retry once it has finished');
    expect(await ticketCount()).toBe(before + 1);
  });

  it('answers 409 while the first request with the key is still running, then replays its answer', async () => {
    const key = newKey();
    const before = await ticketCount();
    let first: Promise<ApiResult<{ id: number }>> | undefined;
    // A lock on the tickets table holds the first request inside its insert, after it took the key.
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`lock table ${tickets} in share mode`);
      first = postTicket(key);
      await eventually(async () => (await keyRows(key)).length === 1);
      expectError(await postTicket(key), {
        status: 409,
        code: 'CONFLICT',
        message: 'A request with this Idempotency-Key is still in progress; retry once it has finished',
      });
    });

    const created = await first!;
    expect(created.status).toBe(201);
    const retry = await postTicket(key);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.body).toEqual(created.body);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('keeps keys per caller: another API key or a signed-in agent with the same value runs on its own', async () => {
    const key = newKey();
    const before = await ticketCount();
    const agent = await createAgent({ role: 'admin' });

    const mine = await postTicket(key);
    const theirs = await postTicket(key, undefined, { key: otherWriteKey });
    const session = await postTicket(key, undefined, { key: undefined, headers: await webHeaders(agent.id) });
    const sessionRetry = await postTicket(key, undefined, { key: undefined, headers: await webHeaders(agent.id) });

    expect([mine.status, theirs.status, session.status]).toEqual([201, 201, 201]);
    expect(new Set([mine.body.data.id, theirs.body.data.id, session.body.data.id]).size).toBe(3);
    expect(sessionRetry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(sessionRetry.body).toEqual(session.body);
    expect(await ticketCount()).toBe(before + 3);
  });

  it('replays a 4xx answer too', async () => {
    const key = newKey();
    const first = await rawPost('/api/v1/tickets', withKey(key, { body: { priority: 'high' } }));
    const retry = await rawPost('/api/v1/tickets', withKey(key, { body: { priority: 'high' } }));

    expect(first.status).toBe(400);
    expect(retry).toMatchObject({ status: 400, text: first.text });
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await keyRows(key)).toEqual([expect.objectContaining({ status: 400, responseBody: first.text })]);
  });

  it('keeps no refusal from the endpoint itself (403, 404), so that a retry runs again', async () => {
    const [forbidden, missing] = [newKey(), newKey()];
    expectError(await call('POST', '/api/v1/views', withKey(forbidden, { body: { name: 'Mine', query: '?status=open' } })), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await call('POST', '/api/v1/tickets/2000000000/replies', withKey(missing, { body: { content: 'Hello' } })), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expect([...(await keyRows(forbidden)), ...(await keyRows(missing))]).toEqual([]);
  });

  it('keeps no answer to a 5xx, so that a retry runs again', async () => {
    const key = newKey();
    // A constraint no domain rule knows of: its violation is a 500, as a fault in the database would be.
    await getDb().execute(sql`alter table ${tickets} add constraint no_exploding_tickets check (subject <> 'Explode')`);
    try {
      expectError(await postTicket(key, { subject: 'Explode' }), { status: 500, code: 'INTERNAL_ERROR' });
      expect(await keyRows(key)).toEqual([]);
    } finally {
      await getDb().execute(sql`alter table ${tickets} drop constraint no_exploding_tickets`);
    }
    const before = await ticketCount();
    const retry = await postTicket(key, { subject: 'Explode' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBeNull();
    expect(await ticketCount()).toBe(before + 1);
  });

  it('runs anew, with any request, under a key first used more than 24 hours ago', async () => {
    const key = newKey();
    const first = await postTicket(key, { subject: 'Yesterday' });
    await getDb().update(idempotencyKeys).set({ createdAt: sql`now() - interval '24 hours 1 minute'` }).where(eq(idempotencyKeys.key, key));
    const before = await ticketCount();

    const again = await postTicket(key, { subject: 'Today' });

    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBeNull();
    expect(again.body.data.id).not.toBe(first.body.data.id);
    expect(await ticketCount()).toBe(before + 1);
    expect((await postTicket(key, { subject: 'Today' })).body).toEqual(again.body);
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header, and creates nothing', async () => {
    const before = await ticketCount();
    const details = [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 printable ASCII characters' }];
    for (const bad of ['', 'k'.repeat(256), 'naïve', 'tab\tinside']) {
      expectValidationError(await postTicket(bad), details);
    }
    expect(await ticketCount()).toBe(before);
    expect((await postTicket(`${'k'.repeat(254)}~`)).status).toBe(201);
  });

  it('looks only at POST: a key on PUT or GET is ignored, even a malformed one', async () => {
    const ticket = await createTicket();
    const put = () => call('PUT', `/api/v1/tickets/${ticket.id}`, withKey('', { body: { priority: 'high' } }));
    expect((await put()).status).toBe(200);
    expect((await put()).headers.get('Idempotent-Replayed')).toBeNull();
    expect((await call('GET', `/api/v1/tickets/${ticket.id}`, withKey('k\u0001'))).status).toBe(200);
  });

  it('keeps no key for a request refused before it is admitted or permitted (401, 403)', async () => {
    const key = newKey();
    expectError(await postTicket(key, undefined, { key: readKey }), { status: 403, code: 'FORBIDDEN' });
    expectError(await postTicket(key, undefined, { key: 'ld_live_not-a-key' }), { status: 401, code: 'UNAUTHORIZED' });
    expect(await keyRows(key)).toEqual([]);
  });

  it('honours the key on replies', async () => {
    const ticket = await createTicket();
    const key = newKey();
    const reply = () => call('POST', `/api/v1/tickets/${ticket.id}/replies`, withKey(key, { body: { content: 'Have you tried turning it off?' } }));
    const replyCount = () => getDb().$count(replies, eq(replies.ticketId, ticket.id));

    const first = await reply();
    const retry = await reply();

    expect(first.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await replyCount()).toBe(1);
  });

  it('honours the key on a multipart upload, over the exact bytes sent', async () => {
    const ticket = await createTicket();
    const key = newKey();
    const path = `/api/v1/tickets/${ticket.id}/attachments`;
    const form = () => {
      const data = new FormData();
      data.append('file', new File([everyByte], 'screenshot.png', { type: 'image/png' }));
      return data;
    };
    // Encoded once, so that the retry sends the same boundary, as a client retrying its request would.
    const encoded = new Response(form());
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const upload = (rawBody: BodyInit, headers: Record<string, string> = {}) => call('POST', path, withKey(key, { rawBody, headers }));
    const contentType = { 'content-type': encoded.headers.get('content-type')! };
    const attachmentCount = () => getDb().$count(attachments, eq(attachments.ticketId, ticket.id));

    const first = await upload(bytes, contentType);
    const retry = await upload(bytes, contentType);
    const reencoded = await upload(form());

    expect(first.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expectError(reencoded, { status: 409, code: 'CONFLICT', message: 'This Idempotency-Key was used with a different request' });
    expect(await attachmentCount()).toBe(1);
  });

  describe('answers that show a secret once', () => {
    const shownOnce = 'The request with this Idempotency-Key already succeeded; its answer held a secret that is shown only once, so it is not repeated';

    it('does not keep a new API key: a retry is refused with 409 and the plain key is not stored', async () => {
      const key = newKey();
      const create = () => call<{ key: string }>('POST', '/api/v1/api-keys', withKey(key, { key: adminKey, body: { name: 'CI', permission: 'read' } }));
      const first = await create();
      const before = await getDb().$count(apiKeys);

      expectError(await create(), { status: 409, code: 'CONFLICT', message: shownOnce });
      expect(await getDb().$count(apiKeys)).toBe(before);
      expect(first.status).toBe(201);
      const [row] = await keyRows(key);
      expect(row).toMatchObject({ status: 201, responseBody: null });
      expect(JSON.stringify(row)).not.toContain(first.body.data.key);
    });

    it('does not keep a webhook secret, from creation or rotation', async () => {
      const createKeyValue = newKey();
      const body = { url: 'https://93.184.215.14/hook', events: ['ticket.created'] };
      const create = () => call<{ id: number; secret: string }>('POST', '/api/v1/webhooks', withKey(createKeyValue, { key: adminKey, body }));
      const created = await create();
      expect(created.status).toBe(201);
      const before = await getDb().$count(webhooks);
      expectError(await create(), { status: 409, code: 'CONFLICT', message: shownOnce });
      expect(await getDb().$count(webhooks)).toBe(before);

      const rotateKeyValue = newKey();
      const rotate = () =>
        call<{ secret: string }>('POST', `/api/v1/webhooks/${created.body.data.id}/rotate-secret`, withKey(rotateKeyValue, { key: adminKey }));
      const rotated = await rotate();
      expect(rotated.status).toBe(200);
      expectError(await rotate(), { status: 409, code: 'CONFLICT', message: shownOnce });

      const stored = JSON.stringify(await getDb().select().from(idempotencyKeys));
      expect(stored).not.toContain(created.body.data.secret);
      expect(stored).not.toContain(rotated.body.data.secret);
    });

    it('keeps and replays an error answer of those endpoints, which holds no secret', async () => {
      const key = newKey();
      const create = () => call('POST', '/api/v1/api-keys', withKey(key, { key: adminKey, body: { name: 'CI', permission: 'everything' } }));
      const first = await create();
      const retry = await create();
      expect(first.status).toBe(400);
      expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
    });
  });

  it('the daily clean-up deletes the keys past their 24 hours, and only those', async () => {
    const [fresh, stale] = [newKey(), newKey()];
    await postTicket(fresh);
    await postTicket(stale);
    await getDb().update(idempotencyKeys).set({ createdAt: sql`now() - interval '25 hours'` }).where(eq(idempotencyKeys.key, stale));

    expect(await deleteExpiredIdempotencyKeys(getDb())).toBe(1);
    expect(await keyRows(stale)).toEqual([]);
    expect(await keyRows(fresh)).toHaveLength(1);
  });
});
