import { apiRoute, created, methods, ok } from '@/lib/api';
import { recordSatisfaction, satisfactionSchema } from '@/lib/tickets/satisfaction';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/tickets/{id}/satisfaction – record (or replace) the customer's 1–5 rating
  POST: apiRoute({
    permission: 'write',
    body: satisfactionSchema,
    handle: async ({ ctx, params, body }) => {
      const { rating, replaced } = await recordSatisfaction(ctx, params.id!, body);
      return replaced ? ok(rating) : created(rating);
    },
  }),
});
