import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { LoopdeskError } from '../src/index.js';
import { liveClient, liveDesk, recordingFetch, unique } from './support/live.js';

const { loopdesk } = liveDesk();
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function createCustomer(label: string) {
  const email = `${unique(label).replace(/\W+/g, '-')}@example.com`.toLowerCase();
  const { data: customer } = await loopdesk.POST('/api/v1/customers', { body: { first_name: 'Ada', last_name: label, email, organization: unique('Org') } });
  cleanups.push(() => loopdesk.DELETE('/api/v1/customers/{id}', { params: { path: { id: customer.id }, query: { force: true } } }));
  return customer;
}

test('creates, reads, updates, lists and deletes a ticket', async () => {
  const customer = await createCustomer('ticket-crud');
  const created = await loopdesk.POST('/api/v1/tickets', {
    body: { subject: 'Printer on fire', description: 'Smoke from tray 2', priority: 'high', customer_id: customer.id },
  });
  assert.equal(created.success, true);
  const ticket = created.data;
  assert.equal(ticket.subject, 'Printer on fire');
  assert.equal(ticket.priority, 'high');
  assert.equal(ticket.status, 'open');

  const { data: read } = await loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } });
  assert.equal(read.id, ticket.id);
  assert.equal(read.description, 'Smoke from tray 2');
  assert.equal(read.customer?.id, customer.id);

  const { data: updated } = await loopdesk.PUT('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } }, body: { status: 'resolved' } });
  assert.equal(updated.status, 'resolved');

  const resolved = await loopdesk.GET('/api/v1/tickets', { params: { query: { status: 'resolved', customer_id: customer.id, per_page: 50 } } });
  assert.deepEqual(
    resolved.data.map((t) => t.id),
    [ticket.id],
  );
  assert.equal(resolved.pagination.total, 1);
  const open = await loopdesk.GET('/api/v1/tickets', { params: { query: { status: ['open', 'pending'], customer_id: customer.id } } });
  assert.deepEqual(open.data, []);

  assert.equal(await loopdesk.DELETE('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } }), undefined);
  await assert.rejects(
    loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } }),
    (error: unknown) => error instanceof LoopdeskError && error.status === 404,
  );
});

test('creates, reads, updates, lists and deletes a customer', async () => {
  const email = `${unique('crud').replace(/\W+/g, '-')}@example.com`;
  const { data: customer } = await loopdesk.POST('/api/v1/customers', { body: { first_name: 'Grace', last_name: 'Hopper', email } });
  assert.equal(customer.email, email);
  try {
    const { data: read } = await loopdesk.GET('/api/v1/customers/{id}', { params: { path: { id: customer.id } } });
    assert.equal(read.first_name, 'Grace');

    const { data: updated } = await loopdesk.PUT('/api/v1/customers/{id}', {
      params: { path: { id: customer.id } },
      body: { organization: 'Navy', status: 'inactive' },
    });
    assert.equal(updated.organization, 'Navy');
    assert.equal(updated.status, 'inactive');

    const found = await loopdesk.GET('/api/v1/customers', { params: { query: { search: email, status: 'inactive' } } });
    assert.deepEqual(
      found.data.map((c) => c.id),
      [customer.id],
    );
  } finally {
    assert.equal(await loopdesk.DELETE('/api/v1/customers/{id}', { params: { path: { id: customer.id } } }), undefined);
  }
  await assert.rejects(
    loopdesk.GET('/api/v1/customers/{id}', { params: { path: { id: customer.id } } }),
    (error: unknown) => error instanceof LoopdeskError && error.code === 'NOT_FOUND',
  );
});

test('paginates a ticket list by its cursor, yielding each ticket exactly once', async () => {
  const customer = await createCustomer('pagination');
  const created: number[] = [];
  for (let i = 1; i <= 7; i++) {
    const { data } = await loopdesk.POST('/api/v1/tickets', { body: { subject: `Paged ticket ${i}`, customer_id: customer.id } });
    created.push(data.id);
  }
  const recorder = recordingFetch();
  const client = liveClient({ fetch: recorder.fetch });
  const seen: number[] = [];
  for await (const ticket of client.paginate('/api/v1/tickets', { params: { query: { customer_id: customer.id, per_page: 2 } } })) {
    seen.push(ticket.id);
  }
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    created,
  );
  assert.equal(new Set(seen).size, seen.length);
  const pages = recorder.exchanges.map(({ request }) => new URL(request.url).searchParams);
  assert.equal(pages.length, 4);
  assert.equal(pages[0]!.get('after'), null);
  for (const page of pages.slice(1)) assert.ok(page.get('after'), 'follows next_cursor');
  for (const page of pages) assert.equal(page.get('per_page'), '2');

  // A walk may start at a page; from there the cursor replaces the page number, which the API refuses beside it.
  const fromPageTwo: number[] = [];
  for await (const ticket of client.paginate('/api/v1/tickets', { params: { query: { customer_id: customer.id, per_page: 2, page: 2 } } })) {
    fromPageTwo.push(ticket.id);
  }
  assert.deepEqual(fromPageTwo, [...created].reverse().slice(2), 'newest first, without the first page');

  recorder.exchanges.length = 0;
  for await (const ticket of client.paginate('/api/v1/tickets', { params: { query: { customer_id: customer.id, per_page: 2 } } })) {
    assert.ok(created.includes(ticket.id), `ticket ${ticket.id} is one of the customer's`);
    break;
  }
  assert.equal(recorder.exchanges.length, 1, 'a loop that stops early fetches no further page');
});

test('paginates a list without cursors by page number, yielding each customer exactly once', async () => {
  const organization = unique('Paged org');
  const created: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const email = `${unique(`paged-${i}`).replace(/\W+/g, '-')}@example.com`;
    const { data } = await loopdesk.POST('/api/v1/customers', { body: { first_name: `Paged ${i}`, email, organization } });
    cleanups.push(() => loopdesk.DELETE('/api/v1/customers/{id}', { params: { path: { id: data.id } } }));
    created.push(data.id);
  }
  const recorder = recordingFetch();
  const client = liveClient({ fetch: recorder.fetch });
  const seen: number[] = [];
  for await (const customer of client.paginate('/api/v1/customers', { params: { query: { organization, per_page: 2, sort: 'created_at', order: 'asc' } } })) {
    seen.push(customer.id);
  }
  assert.deepEqual(seen, created);
  assert.deepEqual(
    recorder.exchanges.map(({ request }) => new URL(request.url).searchParams.get('page')),
    [null, '2', '3'],
  );
});
