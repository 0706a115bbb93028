import { apiRoute, created, idParams, methods, ok } from '@/lib/api';
import { recordSatisfaction, satisfactionSchema } from '@/lib/tickets/satisfaction';
import { satisfactionJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/satisfaction – record (or replace) the customer's 1–5 rating
  POST: apiRoute({
    summary: "record (or replace) the customer's 1–5 rating",
    operationId: 'rateTicket',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: satisfactionSchema,
    // 201 for the ticket's first rating, 200 when it replaces one.
    status: [201, 200],
    response: satisfactionJson,
    handle: async ({ ctx, params, body }) => {
      const { rating, replaced } = await recordSatisfaction(ctx, params.id, body);
      return replaced ? ok(rating) : created(rating);
    },
  }),
});
