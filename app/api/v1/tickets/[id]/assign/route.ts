import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { assignSchema, ticketJson } from '@/lib/tickets/schema';
import { assignTicket } from '@/lib/tickets/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // PUT /api/v1/tickets/{id}/assign – assign to an active agent, or null to unassign
  PUT: apiRoute({
    summary: 'assign to an active agent, or null to unassign',
    operationId: 'assignTicket',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: assignSchema,
    status: 200,
    response: ticketJson,
    handle: async ({ ctx, params, body }) => ok(await assignTicket(ctx, params.id, body.agent_id)),
  }),
});
