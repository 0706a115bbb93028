import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { mergeTicket, undoMerge } from '@/lib/tickets/merge';
import { mergeSchema, ticketJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/merge – merge this duplicate into another ticket; answers with that ticket
  POST: apiRoute({
    summary: 'merge this duplicate into another ticket (`into`); answers with that ticket',
    operationId: 'mergeTicket',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: mergeSchema,
    status: 200,
    response: ticketJson,
    handle: async ({ ctx, params, body }) => ok(await mergeTicket(ctx, params.id, body.into)),
  }),
  // DELETE /api/v1/tickets/{id}/merge – undo this ticket's merge within 10 minutes; answers with it reopened
  DELETE: apiRoute({
    summary: "undo this ticket's merge within 10 minutes; answers with it as it was before",
    operationId: 'undoTicketMerge',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    status: 200,
    response: ticketJson,
    handle: async ({ ctx, params }) => ok(await undoMerge(ctx, params.id)),
  }),
});
