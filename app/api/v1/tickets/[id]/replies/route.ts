import { referenceRequests, referenceResponses } from '@/lib/api/reference-examples';
import { apiRoute, created, idParams, methods } from '@/lib/api';
import { config } from '@/lib/config';
import { replyJson, replySchema } from '@/lib/tickets/schema';
import { addReply } from '@/lib/tickets/replies';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/replies – a public reply or internal note, with base64 attachments
  POST: apiRoute({
    summary: 'a public reply or internal note, with base64 attachments',
    operationId: 'createTicketReply',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: replySchema,
    requestExample: referenceRequests.createTicketReply,
    responseExample: referenceResponses.createTicketReply,
    // Base64 is 4/3 of the bytes; a megabyte more leaves room for the text.
    maxBodyBytes: Math.ceil((config().maxUploadBytes * 4) / 3) + 1024 * 1024,
    status: 201,
    response: replyJson,
    handle: async ({ ctx, params, body }) => created(await addReply(ctx, params.id, body)),
  }),
});
