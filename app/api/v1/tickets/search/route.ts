import { apiRoute, cursorPagination, methods, paginated, ticketListOf } from '@/lib/api';
import { searchTickets } from '@/lib/tickets/list';
import { searchTicketsQuery, ticketSearchResultJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/tickets/search?q= – ranked full-text search, with the list filters
  GET: apiRoute({
    summary: 'ranked full-text search, with the list filters',
    operationId: 'searchTickets',
    permission: 'read',
    scope: 'tickets:read',
    query: searchTicketsQuery,
    status: 200,
    response: ticketListOf(ticketSearchResultJson),
    handle: async ({ ctx, query }) => {
      const list = await searchTickets(ctx.db, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
});
