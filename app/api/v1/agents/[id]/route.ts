import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { getAgentOrThrow } from '@/lib/agents/queries';
import { agentJson, updateAgentSchema } from '@/lib/agents/schema';
import { updateAgent } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/agents/{id} – one agent
  GET: apiRoute({
    summary: 'one agent',
    operationId: 'getAgent',
    permission: 'read',
    scope: 'agents:read',
    params: idParams,
    status: 200,
    response: agentJson,
    handle: async ({ ctx, params }) => ok(await getAgentOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/agents/{id} – partial update; status inactive deactivates, keeping history
  PUT: apiRoute({
    summary: 'partial update; status inactive deactivates, keeping history',
    operationId: 'updateAgent',
    permission: 'admin',
    scope: 'agents:write',
    params: idParams,
    body: updateAgentSchema,
    status: 200,
    response: agentJson,
    handle: async ({ ctx, params, body }) => ok(await updateAgent(ctx, params.id, body)),
  }),
});
