// Five tickets of one new customer, read two to a page: by page number, by cursor and with the SDK's iterator.
import { Loopdesk } from '@loopdesk/sdk';

const loopdesk = new Loopdesk({ baseUrl: process.env.LOOPDESK_URL!, apiKey: process.env.LOOPDESK_API_KEY! });

/** Stops the example when the API does not keep a promise the guide makes. */
function check(kept: boolean, promise: string): asserts kept {
  if (!kept) throw new Error(`Expected ${promise}`);
}

const { data: customer } = await loopdesk.POST('/api/v1/customers', {
  body: { first_name: 'Pagination', last_name: 'Example', email: `pagination-${Date.now()}@example.com` },
});
try {
  const created: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const { data: ticket } = await loopdesk.POST('/api/v1/tickets', { body: { subject: `Pagination example ${i}`, customer_id: customer.id } });
    created.unshift(ticket.id); // lists are newest first
  }

  // Page numbers: page 2 of two-ticket pages. `pagination` says where you are.
  const { pagination } = await loopdesk.GET('/api/v1/tickets', { params: { query: { customer_id: customer.id, per_page: 2, page: 2 } } });
  // Only a page read by number has page numbers: a page read by cursor has no place among them.
  check('current_page' in pagination, 'page numbers on a page read by number');
  console.log(`page ${pagination.current_page} of ${pagination.total_pages}, ${pagination.total} tickets, has_next ${pagination.has_next}`);
  check(pagination.total === 5 && pagination.total_pages === 3 && pagination.has_next, 'page 2 of 3, 5 tickets, and a next page');

  // Cursors (ticket lists): send next_cursor back as `after` until it is null. Rows created
  // meanwhile are neither skipped nor repeated, and a deep page costs what the first one costs.
  const walked: number[] = [];
  let after: string | undefined;
  do {
    const page = await loopdesk.GET('/api/v1/tickets', { params: { query: { customer_id: customer.id, per_page: 2, after } } });
    console.log(page.data.map((t) => t.subject).join(', '));
    walked.push(...page.data.map((t) => t.id));
    after = page.pagination.next_cursor ?? undefined;
  } while (after);
  check(walked.join() === created.join(), 'the cursor walk to meet every ticket once, newest first');

  // paginate() does the same walk lazily: it fetches the next page only when the loop needs it.
  const iterated: number[] = [];
  for await (const ticket of loopdesk.paginate('/api/v1/tickets', { params: { query: { customer_id: customer.id, per_page: 2 } } })) {
    iterated.push(ticket.id);
  }
  console.log(`paginate() walked ${iterated.length} tickets`);
  check(iterated.join() === created.join(), 'paginate() to yield every ticket once, newest first');
} finally {
  // force deletes the customer's tickets with the customer.
  await loopdesk.DELETE('/api/v1/customers/{id}', { params: { path: { id: customer.id }, query: { force: true } } });
}
