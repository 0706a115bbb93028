import { apiRoute, created, methods, paginated, pagination } from '@/lib/api';
import { listAgents } from '@/lib/agents/queries';
import { createAgentSchema, listAgentsQuery } from '@/lib/agents/schema';
import { createAgent } from '@/lib/agents/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/agents – agents with departments, skills, availability and current load
  GET: apiRoute({
    permission: 'read',
    query: listAgentsQuery,
    handle: async ({ ctx, query }) => {
      const { items, total } = await listAgents(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/agents – create an agent or admin
  POST: apiRoute({
    permission: 'admin',
    body: createAgentSchema,
    handle: async ({ ctx, body }) => created(await createAgent(ctx, body)),
  }),
});
