import { apiRoute, methods, ok } from '@/lib/api';
import { agentPerformance } from '@/lib/agents/performance';
import { performanceQuery } from '@/lib/agents/schema';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/agents/{id}/performance?start_date&end_date&metrics – metrics computed over the period
  GET: apiRoute({
    permission: 'read',
    query: performanceQuery,
    handle: async ({ ctx, params, query }) => ok(await agentPerformance(ctx.db, params.id!, query)),
  }),
});
