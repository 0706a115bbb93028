import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { useAuthSecret } from '@/lib/config';
import { call } from '@/lib/test/api';
import { createKey } from '@/lib/test/factories';
import { getMailboxOrThrow } from './mailboxes';
import type { MailboxWithTokenJson } from './schema';

const password = 'correct horse battery staple 42';

const stored = async (id: number) =>
  (
    await getDb().execute<{ imap_password: string | null; inbound_token_hash: string }>(
      sql`select imap_password, inbound_token_hash from mailboxes where id = ${id}`,
    )
  )[0]!;

async function newMailbox(): Promise<MailboxWithTokenJson> {
  const res = await call<MailboxWithTokenJson>('POST', '/api/v1/mailboxes', {
    key: await createKey('admin'),
    body: {
      name: 'Support',
      address: `support-${randomBytes(4).toString('hex')}@desk.example.com`,
      imap_host: 'imap.example.com',
      imap_user: 'support',
      imap_password: password,
    },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('mailbox secrets at rest', () => {
  it('stores the IMAP password encrypted and the relay token only as its hash', async () => {
    const mailbox = await newMailbox();
    const raw = await stored(mailbox.id);
    expect(raw.imap_password).toMatch(/^enc:v1:/);
    expect(raw.imap_password).not.toContain(password);
    expect(raw.inbound_token_hash).not.toContain(mailbox.inbound_token);
    expect((await getMailboxOrThrow(getDb(), mailbox.id)).imapPassword).toBe(password);

    const key = await createKey('admin');
    expect((await call('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { key, body: { imap_password: 'another password 43' } })).status).toBe(200);
    expect((await stored(mailbox.id)).imap_password).toMatch(/^enc:v1:/);
    expect((await getMailboxOrThrow(getDb(), mailbox.id)).imapPassword).toBe('another password 43');
  });

  it('still lists a mailbox whose password the current key cannot read, and takes a new password', async () => {
    const mailbox = await newMailbox();
    const key = await createKey('admin');
    const original = process.env.AUTH_SECRET!;
    useAuthSecret(randomBytes(32).toString('base64url'));
    try {
      expect((await call('GET', `/api/v1/mailboxes/${mailbox.id}`, { key })).body.data).toMatchObject({ has_imap_password: true });
      const test = await call('POST', `/api/v1/mailboxes/${mailbox.id}/test`, { key });
      expect(test.status).toBe(409);
      expect(test.body.error.message).toBe(
        'The stored IMAP password cannot be read with the current encryption key: set it again (PATCH with "imap_password")',
      );
      expect((await call('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { key, body: { imap_password: password } })).status).toBe(200);
      expect((await getMailboxOrThrow(getDb(), mailbox.id)).imapPassword).toBe(password);
    } finally {
      useAuthSecret(original);
    }
  });
});
