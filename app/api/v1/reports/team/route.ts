import { apiRoute, methods, ok } from '@/lib/api';
import { teamReportJson, teamReportQuery } from '@/lib/reports/schema';
import { teamReport } from '@/lib/reports/team';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/reports/team – the team dashboard for a period: daily volume, backlog, time distributions, CSAT, per-agent metrics
  GET: apiRoute({
    summary: 'the team dashboard for a period: daily volume, backlog, time distributions, CSAT, per-agent metrics',
    operationId: 'getTeamReport',
    permission: 'read',
    scope: 'reports:read',
    query: teamReportQuery,
    status: 200,
    response: teamReportJson,
    handle: async ({ ctx, query }) => ok(await teamReport(ctx.db, query)),
  }),
});
