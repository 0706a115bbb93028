import { referenceResponses } from '@/lib/api/reference-examples';
import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { agentPerformance } from '@/lib/agents/performance';
import { agentPerformanceJson, performanceQuery } from '@/lib/agents/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/agents/{id}/performance?start_date&end_date&metrics – metrics computed over the period
  GET: apiRoute({
    summary: 'metrics computed over the period',
    operationId: 'getAgentPerformance',
    responseExample: referenceResponses.getAgentPerformance,
    permission: 'read',
    scope: 'reports:read',
    params: idParams,
    query: performanceQuery,
    status: 200,
    response: agentPerformanceJson,
    handle: async ({ ctx, params, query }) => ok(await agentPerformance(ctx.db, params.id, query)),
  }),
});
