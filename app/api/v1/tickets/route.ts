import { referenceRequests, referenceResponses } from '@/lib/api/reference-examples';
import { apiRoute, created, methods, cursorPagination, paginated, ticketListOf } from '@/lib/api';
import { listTickets } from '@/lib/tickets/list';
import { createTicketSchema, listTicketsQuery, ticketJson, ticketSummaryJson } from '@/lib/tickets/schema';
import { createTicket } from '@/lib/tickets/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/tickets – list with filters, sorting and pagination
  GET: apiRoute({
    summary: 'list with filters, sorting and pagination',
    operationId: 'listTickets',
    responseExample: referenceResponses.listTickets,
    permission: 'read',
    scope: 'tickets:read',
    query: listTicketsQuery,
    status: 200,
    response: ticketListOf(ticketSummaryJson),
    handle: async ({ ctx, query }) => {
      const list = await listTickets(ctx.db, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
  // POST /api/v1/tickets – create a ticket
  POST: apiRoute({
    summary: 'create a ticket',
    operationId: 'createTicket',
    permission: 'write',
    scope: 'tickets:write',
    body: createTicketSchema,
    requestExample: referenceRequests.createTicket,
    responseExample: referenceResponses.createTicket,
    status: 201,
    response: ticketJson,
    handle: async ({ ctx, body }) => created(await createTicket(ctx, body)),
  }),
});
