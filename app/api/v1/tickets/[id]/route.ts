import { referenceRequests, referenceResponses } from '@/lib/api/reference-examples';
import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { getTicketOrThrow } from '@/lib/tickets/queries';
import { ticketJson, updateTicketSchema } from '@/lib/tickets/schema';
import { deleteTicket, updateTicket } from '@/lib/tickets/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/tickets/{id} – the full ticket with replies and attachments
  GET: apiRoute({
    summary: 'the full ticket with replies and attachments',
    operationId: 'getTicket',
    responseExample: referenceResponses.getTicket,
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: ticketJson,
    handle: async ({ ctx, params }) => ok(await getTicketOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/tickets/{id} – partial update, optionally with an internal note
  PUT: apiRoute({
    summary: 'partial update, optionally with an internal note',
    operationId: 'updateTicket',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: updateTicketSchema,
    requestExample: referenceRequests.updateTicket,
    status: 200,
    response: ticketJson,
    handle: async ({ ctx, params, body }) => ok(await updateTicket(ctx, params.id, body)),
  }),
  // DELETE /api/v1/tickets/{id} – delete with replies and attachments
  DELETE: apiRoute({
    summary: 'delete with replies and attachments',
    operationId: 'deleteTicket',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteTicket(ctx, params.id);
      return noContent();
    },
  }),
});
