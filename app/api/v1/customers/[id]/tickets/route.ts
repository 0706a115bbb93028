import { apiRoute, cursorPagination, methods, paginated } from '@/lib/api';
import { listCustomerTickets } from '@/lib/customers/queries';
import { listTicketsQuery } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/customers/{id}/tickets – the customer's tickets, with the ticket list filters
  GET: apiRoute({
    permission: 'read',
    query: listTicketsQuery,
    handle: async ({ ctx, params, query }) => {
      const list = await listCustomerTickets(ctx.db, params.id!, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
});
