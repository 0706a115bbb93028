import { z } from 'zod';
import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { ticketActivity } from '@/lib/tickets/activity';
import { activityJson } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/tickets/{id}/activity – the ticket's history: who changed what, when
  GET: apiRoute({
    summary: "the ticket's history: who changed what, when",
    operationId: 'listTicketActivity',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: z.array(activityJson),
    handle: async ({ ctx, params }) => ok(await ticketActivity(ctx.db, params.id)),
  }),
});
