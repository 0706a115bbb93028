import { apiRoute, methods, ok } from '@/lib/api';
import { mergeTickets } from '@/lib/tickets/merge';
import { bulkMergeSchema, ticketJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/merge – merge up to 100 duplicates into one ticket, all or nothing
  POST: apiRoute({
    summary: 'merge up to 100 duplicates (`tickets`) into one ticket (`into`), all or nothing; answers with that ticket',
    operationId: 'bulkMergeTickets',
    permission: 'write',
    scope: 'tickets:write',
    body: bulkMergeSchema,
    status: 200,
    response: ticketJson,
    handle: async ({ ctx, body }) => ok(await mergeTickets(ctx, body.tickets, body.into)),
  }),
});
