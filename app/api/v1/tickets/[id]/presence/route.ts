import { z } from 'zod';
import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { actingAgentId } from '@/lib/context';
import { leaveTicket, reportPresence } from '@/lib/tickets/presence';
import { presenceJson, presenceSchema } from '@/lib/tickets/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // PUT /api/v1/tickets/{id}/presence – "I have this ticket open (and am typing)"; answers with the other agents who do
  PUT: apiRoute({
    summary: '"I have this ticket open (and am typing)"; answers with the other agents who do',
    operationId: 'setTicketPresence',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    body: presenceSchema,
    status: 200,
    response: z.array(presenceJson),
    handle: async ({ ctx, params, body }) => ok(await reportPresence(ctx.db, params.id, actingAgentId(ctx.actor), body.typing)),
  }),
  // DELETE /api/v1/tickets/{id}/presence – the agent has left the ticket
  DELETE: apiRoute({
    summary: 'the agent has left the ticket',
    operationId: 'leaveTicket',
    permission: 'write',
    scope: 'tickets:write',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await leaveTicket(ctx.db, params.id, actingAgentId(ctx.actor));
      return noContent();
    },
  }),
});
