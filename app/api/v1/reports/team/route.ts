import { apiRoute, methods, ok } from '@/lib/api';
import { teamReportQuery } from '@/lib/reports/schema';
import { teamReport } from '@/lib/reports/team';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/reports/team – the team dashboard for a period: daily volume, backlog, time distributions, CSAT, per-agent metrics
  GET: apiRoute({ permission: 'read', query: teamReportQuery, handle: async ({ ctx, query }) => ok(await teamReport(ctx.db, query)) }),
});
