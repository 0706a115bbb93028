import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { endedSessionsJson } from '@/lib/agents/schema';
import { signOutEverywhere } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // DELETE /api/v1/agents/{id}/sessions – end the agent's browser sessions (admins; agents for themselves)
  DELETE: apiRoute({
    summary: "end the agent's browser sessions (admins; agents for themselves)",
    operationId: 'endAgentSessions',
    permission: 'write',
    params: idParams,
    status: 200,
    response: endedSessionsJson,
    handle: async ({ ctx, params }) => ok(await signOutEverywhere(ctx, params.id)),
  }),
});
