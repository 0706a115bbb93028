import { apiRoute, methods, ok } from '@/lib/api';
import { ticketActivity } from '@/lib/tickets/activity';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/tickets/{id}/activity – the ticket's history: who changed what, when
  GET: apiRoute({ permission: 'read', handle: async ({ ctx, params }) => ok(await ticketActivity(ctx.db, params.id!)) }),
});
