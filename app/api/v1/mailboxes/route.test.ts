import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events, mailboxes } from '@/db/schema';
import type { MailboxJson, MailboxWithTokenJson } from '@/lib/email/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError, fieldConflict, isoSeconds } from '@/lib/test/expectations';
import { createDepartment, createKey } from '@/lib/test/factories';

let adminKey: string;
let counter = 0;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const address = () => `support-${++counter}-${process.pid}@desk.example.com`;
const createViaApi = (body: unknown, key = adminKey) => call<MailboxWithTokenJson>('POST', '/api/v1/mailboxes', { key, body });

const imapBody = () => ({
  name: 'Support',
  address: address(),
  imap_host: 'imap.example.com',
  imap_user: 'support@example.com',
  imap_password: 'an IMAP password 123',
});

async function newMailbox(body: Record<string, unknown> = {}): Promise<MailboxWithTokenJson> {
  const res = await createViaApi({ name: 'Support', address: address(), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

describe('POST /api/v1/mailboxes', () => {
  it('creates an IMAP mailbox and shows its relay token once; the password never', async () => {
    const department = await createDepartment();
    const body = { ...imapBody(), from_name: 'Acme Support', department_id: department.id, imap_port: 143, imap_tls: false, imap_folder: 'Support' };
    const res = await createViaApi(body);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.any(Number),
        name: 'Support',
        address: body.address,
        from_name: 'Acme Support',
        department: { id: department.id, name: department.name },
        imap_host: 'imap.example.com',
        imap_port: 143,
        imap_tls: false,
        imap_user: 'support@example.com',
        has_imap_password: true,
        imap_folder: 'Support',
        inbound_token: expect.stringMatching(/^ldmb_[A-Za-z0-9_-]{32}$/),
        inbound_token_prefix: expect.any(String),
        active: true,
        last_checked_at: null,
        last_error: null,
        created_at: expect.stringMatching(isoSeconds),
        updated_at: expect.stringMatching(isoSeconds),
      },
    });
    const { id, inbound_token, inbound_token_prefix } = res.body.data;
    expect(inbound_token.startsWith(inbound_token_prefix)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(body.imap_password);
    // Only the token's SHA-256 is kept, as for API keys.
    const [row] = await getDb().select({ hash: mailboxes.inboundTokenHash }).from(mailboxes).where(eq(mailboxes.id, id));
    expect(row!.hash).toBe(createHash('sha256').update(inbound_token).digest('hex'));
  });

  it('creates a relay-only mailbox with the defaults', async () => {
    const created = await newMailbox();
    expect(created).toMatchObject({
      from_name: null,
      department: null,
      imap_host: null,
      imap_port: 993,
      imap_tls: true,
      imap_user: null,
      has_imap_password: false,
      imap_folder: 'INBOX',
      active: true,
    });
  });

  it('records mailbox.created with the mailbox, without password or token', async () => {
    const body = imapBody();
    const created = (await createViaApi(body)).body.data;
    const [event] = await getDb().select().from(events).where(eq(events.resourceId, created.id));
    expect(event).toMatchObject({ type: 'mailbox.created', resourceType: 'mailbox' });
    const { inbound_token: _token, ...shown } = created;
    expect(event!.payload).toEqual({ mailbox: shown });
    expect(JSON.stringify(event!.payload)).not.toContain(body.imap_password);
    expect(JSON.stringify(event!.payload)).not.toContain(created.inbound_token);
  });

  it.each([
    ['no name', { address: 'x@desk.example.com' }, 'name'],
    ['an address that is not one', { name: 'Support', address: 'support at example' }, 'address'],
    ['a port out of range', { name: 'Support', address: 'y@desk.example.com', imap_port: 70_000 }, 'imap_port'],
  ])('refuses %s with 400 on the field, writing nothing', async (_what, body, field) => {
    const before = await getDb().$count(mailboxes);
    const res = await createViaApi(body);
    expectValidationError(res, [{ field, message: expect.any(String) }]);
    expect(await getDb().$count(mailboxes)).toBe(before);
  });

  it('requires the IMAP user and password with an IMAP host', async () => {
    const res = await createViaApi({ name: 'Support', address: address(), imap_host: 'imap.example.com' });
    expectValidationError(res, [
      { field: 'imap_user', message: 'Required when imap_host is set' },
      { field: 'imap_password', message: 'Required when imap_host is set' },
    ]);
  });

  it('refuses a department that does not exist', async () => {
    const res = await createViaApi({ name: 'Support', address: address(), department_id: 987_654 });
    expectValidationError(res, [{ field: 'department_id', message: 'Department 987654 does not exist' }]);
  });

  it('answers 409 for an address another mailbox has, whatever its case', async () => {
    const taken = (await newMailbox()).address;
    const res = await createViaApi({ name: 'Twin', address: taken.toUpperCase() });
    const message = `A mailbox with the address ${taken.toUpperCase()} already exists`;
    expectError(res, fieldConflict('address', message));
  });
});

describe('GET /api/v1/mailboxes', () => {
  it('lists mailboxes newest first, paginated, without tokens', async () => {
    const older = await newMailbox();
    const newer = await newMailbox();
    const res = await call<MailboxJson[]>('GET', '/api/v1/mailboxes?per_page=2', { key: adminKey });

    expect(res.status).toBe(200);
    const { inbound_token: _token, ...shown } = newer;
    expect(res.body.data[0]).toEqual(shown);
    expect(res.body.data[1]!.id).toBe(older.id);
    expect(res.body.pagination).toMatchObject({ current_page: 1, per_page: 2 });
    expect(res.body.pagination.total).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(res.body)).not.toContain('inbound_token"');
  });

  it('refuses a per_page over 100 with 400', async () => {
    expectValidationError(await call('GET', '/api/v1/mailboxes?per_page=101', { key: adminKey }), [{ field: 'per_page', message: expect.any(String) }]);
  });
});

describe('permissions on /api/v1/mailboxes', () => {
  const endpoints = [
    { method: 'GET', path: () => '/api/v1/mailboxes' },
    { method: 'POST', path: () => '/api/v1/mailboxes', body: { name: 'Stolen', address: 'stolen@desk.example.com' } },
    { method: 'GET', path: (id: number) => `/api/v1/mailboxes/${id}` },
    { method: 'PATCH', path: (id: number) => `/api/v1/mailboxes/${id}`, body: { name: 'Stolen' } },
    { method: 'DELETE', path: (id: number) => `/api/v1/mailboxes/${id}` },
    { method: 'POST', path: (id: number) => `/api/v1/mailboxes/${id}/rotate-token` },
    { method: 'POST', path: (id: number) => `/api/v1/mailboxes/${id}/test` },
  ];

  it.each(['read', 'write'] as const)('answers 403 to a %s key on every endpoint and changes nothing', async (permission) => {
    const key = await createKey(permission);
    const target = await newMailbox();
    const before = await getDb().select().from(mailboxes);
    for (const { method, path, body } of endpoints) {
      expectError(await call(method, path(target.id), { key, body }), { status: 403, code: 'FORBIDDEN', message: 'This action requires admin permission' });
    }
    expect(await getDb().select().from(mailboxes)).toEqual(before);
  });

  it('answers 401 on every endpoint without a key', async () => {
    const target = await newMailbox();
    for (const { method, path, body } of endpoints) {
      expectError(await call(method, path(target.id), { body }), {
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Authentication required: send Authorization: Bearer <API key>',
      });
    }
  });
});
