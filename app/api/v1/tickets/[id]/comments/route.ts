import { apiRoute, created, idParams, methods } from '@/lib/api';
import { commentSchema, replyJson } from '@/lib/tickets/schema';
import { addReply } from '@/lib/tickets/replies';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/comments – an internal note, never shown to the customer
  POST: apiRoute({
    summary: 'an internal note, never shown to the customer',
    operationId: 'createTicketComment',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: commentSchema,
    status: 201,
    response: replyJson,
    handle: async ({ ctx, params, body }) => created(await addReply(ctx, params.id, { content: body.content, type: 'internal', author_type: 'agent' })),
  }),
});
