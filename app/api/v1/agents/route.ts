import { referenceResponses } from '@/lib/api/reference-examples';
import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { listAgents } from '@/lib/agents/queries';
import { agentJson, createAgentSchema, listAgentsQuery } from '@/lib/agents/schema';
import { createAgent } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/agents – agents with departments, skills, availability and current load
  GET: apiRoute({
    summary: 'agents with departments, skills, availability and current load',
    operationId: 'listAgents',
    responseExample: referenceResponses.listAgents,
    permission: 'read',
    scope: 'agents:read',
    query: listAgentsQuery,
    status: 200,
    response: listOf(agentJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listAgents(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/agents – create an agent or admin
  POST: apiRoute({
    summary: 'create an agent or admin',
    operationId: 'createAgent',
    permission: 'admin',
    scope: 'agents:write',
    body: createAgentSchema,
    status: 201,
    response: agentJson,
    handle: async ({ ctx, body }) => created(await createAgent(ctx, body)),
  }),
});
