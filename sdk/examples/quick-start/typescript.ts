// Quick start: create a ticket, list the open tickets, reply to the new one.
import { Loopdesk } from '@loopdesk/sdk';

const loopdesk = new Loopdesk({ baseUrl: process.env.LOOPDESK_URL!, apiKey: process.env.LOOPDESK_API_KEY! });

// 1. Create a ticket. Errors throw a LoopdeskError, so `data` is always the ticket.
const { data: ticket } = await loopdesk.POST('/api/v1/tickets', {
  body: { subject: 'API Test Ticket', description: 'Created via API', priority: 'normal' },
});
console.log(`Created ${ticket.number} (id ${ticket.id}), ${ticket.status}`);

// 2. List open tickets, newest first, five to a page.
const { data: open, pagination } = await loopdesk.GET('/api/v1/tickets', { params: { query: { status: 'open', per_page: 5 } } });
console.log(`${pagination.total} open tickets; the newest:`);
for (const t of open) console.log(`  ${t.number}  ${t.priority.padEnd(6)}  ${t.subject}`);

// 3. Reply to the customer ("internal" would make it a note only agents see).
const { data: reply } = await loopdesk.POST('/api/v1/tickets/{id}/replies', {
  params: { path: { id: ticket.id } },
  body: { content: 'Thanks for writing in. We are looking into it.', type: 'public' },
});
console.log(`Replied as ${reply.author.name ?? 'the integration'} at ${reply.created_at}`);

// Delete the ticket again, so the example leaves the desk as it found it.
await loopdesk.DELETE('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } });
