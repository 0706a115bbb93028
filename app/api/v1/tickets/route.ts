import { apiRoute, created, methods, paginated, pagination } from '@/lib/api';
import { listTickets } from '@/lib/tickets/queries';
import { createTicketSchema, listTicketsQuery } from '@/lib/tickets/schema';
import { createTicket } from '@/lib/tickets/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/tickets – list with filters, sorting and pagination
  GET: apiRoute({
    permission: 'read',
    query: listTicketsQuery,
    handle: async ({ ctx, query }) => {
      const { items, total } = await listTickets(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/tickets – create a ticket
  POST: apiRoute({
    permission: 'write',
    body: createTicketSchema,
    handle: async ({ ctx, body }) => created(await createTicket(ctx, body)),
  }),
});
