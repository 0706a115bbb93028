import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, customers, events, replies, satisfactionRatings, tickets } from '@/db/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createCustomer, createTicket, createKey } from '@/lib/test/factories';
import { base64, storedFiles } from '@/lib/test/files';

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  [writeKey, readKey] = await Promise.all([createKey('write'), createKey('read')]);
});

const del = (id: number | string, query = '', key = writeKey) => call<null>('DELETE', `/api/v1/customers/${id}${query}`, { key });
const exists = async (id: number) => (await getDb().$count(customers, eq(customers.id, id))) === 1;

/** A ticket of the customer with a public reply carrying a file, an internal note, a file of its own and a rating. */
async function busyTicket(customerId: number, subject: string) {
  const ticket = await createTicket({ subject, customer_id: customerId });
  const path = `/api/v1/tickets/${ticket.id}`;
  const file = { filename: `${subject}.txt`, content: base64(new TextEncoder().encode(subject)) };
  expect((await call('POST', `${path}/replies`, { key: writeKey, body: { content: 'See attached', attachments: [file] } })).status).toBe(201);
  expect((await call('POST', `${path}/comments`, { key: writeKey, body: { content: 'Internal note' } })).status).toBe(201);
  const form = new FormData();
  form.append('file', new Blob(['screenshot'], { type: 'image/png' }), 'screen.png');
  expect((await call('POST', `${path}/attachments`, { key: writeKey, rawBody: form })).status).toBe(201);
  expect((await call('PUT', path, { key: writeKey, body: { status: 'resolved' } })).status).toBe(200);
  expect((await call('POST', `${path}/satisfaction`, { key: writeKey, body: { rating: 5 } })).status).toBe(201);
  return ticket;
}

async function keysOf(ticketIds: number[]) {
  const rows = await getDb().select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.ticketId, ticketIds));
  return rows.map((r) => r.key);
}

describe('DELETE /api/v1/customers/{id}', () => {
  it('deletes a customer without tickets: 204 with no body, then 404', async () => {
    const { id } = await createCustomer();
    const res = await del(id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectError(await call('GET', `/api/v1/customers/${id}`, { key: readKey }), { status: 404, code: 'NOT_FOUND', message: 'Customer not found' });
    expect(await exists(id)).toBe(false);
  });

  it('refuses with 409 CONFLICT while the customer has tickets, and deletes nothing', async () => {
    const { id } = await createCustomer();
    const one = await createTicket({ subject: 'Only one', customer_id: id });
    const before = await getDb().$count(events);
    expectError(await del(id), {
      status: 409,
      code: 'CONFLICT',
      message: `Customer ${id} has 1 ticket; move or delete it first, or pass force=true to delete it with the customer`,
    });
    await createTicket({ subject: 'And another', customer_id: id });
    expectError(await del(id, '?force=false'), {
      status: 409,
      code: 'CONFLICT',
      message: `Customer ${id} has 2 tickets; move or delete them first, or pass force=true to delete them with the customer`,
    });
    expect(await exists(id)).toBe(true);
    expect(await getDb().$count(tickets, eq(tickets.customerId, id))).toBe(2);
    expect((await call('GET', `/api/v1/tickets/${one.id}`, { key: readKey })).status).toBe(200);
    expect(await getDb().$count(events)).toBe(before + 1);
  });

  it('deletes a customer whose tickets moved to another customer', async () => {
    const { id } = await createCustomer();
    const other = await createCustomer();
    const ticket = await createTicket({ subject: 'Moving', customer_id: id });
    expect((await del(id)).status).toBe(409);
    await call('PUT', `/api/v1/tickets/${ticket.id}`, { key: writeKey, body: { customer_id: other.id } });
    expect((await del(id)).status).toBe(204);
    expect((await call('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey })).body.data).toMatchObject({ customer: { id: other.id } });
  });

  describe('with force=true', () => {
    it("deletes the customer with their tickets, replies, attachments, ratings and files, and nobody else's", async () => {
      const { id } = await createCustomer();
      const bystander = await createCustomer();
      const mine = [await busyTicket(id, 'mine-1'), await busyTicket(id, 'mine-2')];
      const theirs = await busyTicket(bystander.id, 'theirs');
      const myIds = mine.map((t) => t.id);
      const myFiles = await keysOf(myIds);
      const theirFiles = await keysOf([theirs.id]);
      expect(myFiles).toHaveLength(4);
      expect(await storedFiles()).toEqual(expect.arrayContaining([...myFiles, ...theirFiles]));

      const res = await del(id, '?force=true');
      expect(res.status).toBe(204);
      expect(res.body).toBeNull();

      expect(await exists(id)).toBe(false);
      expect(await getDb().$count(tickets, inArray(tickets.id, myIds))).toBe(0);
      expect(await getDb().$count(replies, inArray(replies.ticketId, myIds))).toBe(0);
      expect(await getDb().$count(attachments, inArray(attachments.ticketId, myIds))).toBe(0);
      expect(await getDb().$count(satisfactionRatings, inArray(satisfactionRatings.ticketId, myIds))).toBe(0);
      const files = await storedFiles();
      for (const key of myFiles) expect(files).not.toContain(key);
      expect(files).toEqual(expect.arrayContaining(theirFiles));

      const kept = await call('GET', `/api/v1/tickets/${theirs.id}`, { key: readKey });
      expect(kept.body.data).toMatchObject({ customer: { id: bystander.id } });
      expect(kept.body.data.replies).toHaveLength(2);
      expect(kept.body.data.attachments).toHaveLength(2);
    });

    it('records ticket.deleted for each deleted ticket, in the same transaction', async () => {
      const { id } = await createCustomer();
      const a = await createTicket({ subject: 'A', customer_id: id });
      const b = await createTicket({ subject: 'B', customer_id: id });
      expect((await del(id, '?force=true')).status).toBe(204);
      const deleted = await getDb().select().from(events).where(eq(events.type, 'ticket.deleted'));
      const mine = deleted.filter((e) => e.resourceId === a.id || e.resourceId === b.id);
      expect(mine.map((e) => e.payload)).toEqual([{ ticket: { id: a.id, number: a.number } }, { ticket: { id: b.id, number: b.number } }]);
    });

    it("keeps the customer's replies on other customers' tickets, without an author", async () => {
      const { id } = await createCustomer();
      const other = await createCustomer();
      const ticket = await createTicket({ subject: 'Shared', customer_id: other.id });
      // Written as the customer, which takes an admin key (an integration importing their messages).
      const reply = await call('POST', `/api/v1/tickets/${ticket.id}/replies`, {
        key: await createKey('admin'),
        body: { content: 'Me too', author_type: 'customer', author_id: id },
      });
      expect(reply.status).toBe(201);
      expect((await del(id, '?force=true')).status).toBe(204);
      const kept = await call('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
      expect(kept.body.data.replies).toEqual([expect.objectContaining({ content: 'Me too', author: { type: 'customer', id: null, name: null } })]);
    });

    it('also deletes a customer without tickets', async () => {
      const { id } = await createCustomer();
      expect((await del(id, '?force=true')).status).toBe(204);
      expect(await exists(id)).toBe(false);
    });
  });

  it('refuses a force value other than true or false', async () => {
    const { id } = await createCustomer();
    expectValidationError(await del(id, '?force=yes'), [{ field: 'force', message: 'Force must be one of: true, false' }]);
    expect(await exists(id)).toBe(true);
  });

  it('answers 404 NOT_FOUND for a customer that does not exist or was already deleted', async () => {
    const { id } = await createCustomer();
    expect((await del(id)).status).toBe(204);
    expectError(await del(id), { status: 404, code: 'NOT_FOUND', message: 'Customer not found' });
    expectError(await del(id, '?force=true'), { status: 404, code: 'NOT_FOUND', message: 'Customer not found' });
    expectError(await del('1.5'), { status: 404, code: 'NOT_FOUND', message: 'Resource not found' });
  });

  it('refuses a read key with 403, and a request without credentials with 401, deleting nothing', async () => {
    const { id } = await createCustomer();
    await createTicket({ subject: 'Kept', customer_id: id });
    expectError(await del(id, '?force=true', readKey), { status: 403, code: 'FORBIDDEN', message: 'This action requires write permission' });
    const anonymous = await call('DELETE', `/api/v1/customers/${id}?force=true`);
    expectError(anonymous, { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' });
    expect(await exists(id)).toBe(true);
    expect(await getDb().$count(tickets, eq(tickets.customerId, id))).toBe(1);
  });
});
