import { apiRoute, created, methods, cursorPagination, paginated } from '@/lib/api';
import { listTickets } from '@/lib/tickets/list';
import { createTicketSchema, listTicketsQuery } from '@/lib/tickets/schema';
import { createTicket } from '@/lib/tickets/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/tickets – list with filters, sorting and pagination
  GET: apiRoute({
    permission: 'read',
    query: listTicketsQuery,
    handle: async ({ ctx, query }) => {
      const list = await listTickets(ctx.db, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
  // POST /api/v1/tickets – create a ticket
  POST: apiRoute({
    permission: 'write',
    body: createTicketSchema,
    handle: async ({ ctx, body }) => created(await createTicket(ctx, body)),
  }),
});
