import { apiRoute, methods, paginated, pagination } from '@/lib/api';
import { searchTickets } from '@/lib/tickets/queries';
import { searchTicketsQuery } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/tickets/search?q= – ranked full-text search, with the list filters
  GET: apiRoute({
    permission: 'read',
    query: searchTicketsQuery,
    handle: async ({ ctx, query }) => {
      const { items, total } = await searchTickets(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
});
