// Four tickets of one new customer, found again by filters, a custom field and full-text search.
import { Loopdesk } from '@loopdesk/sdk';

const loopdesk = new Loopdesk({ baseUrl: process.env.LOOPDESK_URL!, apiKey: process.env.LOOPDESK_API_KEY! });

/** Prints what a list found, and stops the example unless it is what the guide promises, in that order. */
function show(label: string, found: string[], expected: readonly string[]) {
  console.log(`${label}: ${found.join(' | ')}`);
  if (found.join(' | ') !== expected.join(' | ')) throw new Error(`${label}: expected ${expected.join(' | ')}`);
}
const subjects = (list: { subject: string }[]) => list.map((t) => t.subject);

const run = `filtering-${Date.now()}`;
const { data: customer } = await loopdesk.POST('/api/v1/customers', { body: { first_name: 'Filtering', last_name: 'Example', email: `${run}@example.com` } });
try {
  const tickets = [
    { subject: 'Printer jams on page two', priority: 'high', status: 'open', custom_fields: { plan: 'enterprise' } },
    { subject: 'Printer out of toner', priority: 'normal', status: 'pending', custom_fields: { plan: 'starter' } },
    { subject: 'Cannot sign in after a password reset', priority: 'urgent', status: 'open', custom_fields: { plan: 'enterprise' } },
    { subject: 'Invoice shows the wrong VAT number', priority: 'low', status: 'resolved', custom_fields: { plan: 'starter' } },
  ] as const;
  for (const ticket of tickets) await loopdesk.POST('/api/v1/tickets', { body: { ...ticket, customer_id: customer.id } });

  // Comma lists (or arrays) mean "any of"; different filters must all match. Newest first by default.
  const severe = await loopdesk.GET('/api/v1/tickets', {
    params: { query: { customer_id: customer.id, status: ['open', 'pending'], priority: ['high', 'urgent'] } },
  });
  show('Open or pending, high or urgent', subjects(severe.data), ['Cannot sign in after a password reset', 'Printer jams on page two']);

  // custom_fields[plan]=starter matches the stored value exactly.
  const starter = await loopdesk.GET('/api/v1/tickets', {
    params: { query: { customer_id: customer.id, custom_fields: { plan: 'starter' }, sort: 'priority', order: 'desc' } },
  });
  show('Plan starter, most severe first', subjects(starter.data), ['Printer out of toner', 'Invoice shows the wrong VAT number']);

  // Web-search syntax: words, "exact phrases", -excluded, or. Ranked unless you pass sort.
  const searches = [
    ['printer -toner', ['Printer jams on page two']],
    ['"password reset" or invoice', ['Cannot sign in after a password reset', 'Invoice shows the wrong VAT number']],
  ] as const;
  for (const [q, expected] of searches) {
    const found = await loopdesk.GET('/api/v1/tickets/search', { params: { query: { q, customer_id: customer.id } } });
    show(`Search ${q}`, subjects(found.data), expected);
  }

  // Customers: `search` matches any part of name, email or organization.
  const { data: customers } = await loopdesk.GET('/api/v1/customers', { params: { query: { search: run } } });
  show(
    `Customers matching ${run}`,
    customers.map((c) => c.email),
    [`${run}@example.com`],
  );
} finally {
  // force deletes the customer's tickets with the customer.
  await loopdesk.DELETE('/api/v1/customers/{id}', { params: { path: { id: customer.id }, query: { force: true } } });
}
