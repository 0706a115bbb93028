import { apiRoute, cursorPagination, methods, paginated } from '@/lib/api';
import { searchTickets } from '@/lib/tickets/list';
import { searchTicketsQuery } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/tickets/search?q= – ranked full-text search, with the list filters
  GET: apiRoute({
    permission: 'read',
    query: searchTicketsQuery,
    handle: async ({ ctx, query }) => {
      const list = await searchTickets(ctx.db, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
});
