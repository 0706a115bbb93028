import { apiRoute, cursorPagination, idParams, methods, paginated, ticketListOf } from '@/lib/api';
import { listAgentTickets } from '@/lib/agents/queries';
import { listTicketsQuery, ticketSummaryJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/agents/{id}/tickets – the agent's assigned tickets, with the ticket list filters
  GET: apiRoute({
    summary: "the agent's assigned tickets, with the ticket list filters",
    operationId: 'listAgentTickets',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    query: listTicketsQuery,
    status: 200,
    response: ticketListOf(ticketSummaryJson),
    handle: async ({ ctx, params, query }) => {
      const list = await listAgentTickets(ctx.db, params.id, query);
      return paginated(list.items, cursorPagination(query, list));
    },
  }),
});
