import { apiRoute, cursorPagination, idParams, methods, paginated, ticketListOf } from '@/lib/api';
import { listCustomerTickets } from '@/lib/customers/queries';
import { listTicketsQuery, ticketSummaryJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/customers/{id}/tickets – the customer's tickets, with the ticket list filters
  GET: apiRoute({
    summary: "the customer's tickets, with the ticket list filters",
    operationId: 'listCustomerTickets',
    permission: 'read',
    scope: 'customers:read',
    params: idParams,
    query: listTicketsQuery,
    status: 200,
    response: ticketListOf(ticketSummaryJson),
    handle: async ({ ctx, params, query }) => {
      const list = await listCustomerTickets(ctx.db, params.id, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
});
