import { apiRoute, methods, streamed } from '@/lib/api';
import { auditLogCsv } from '@/lib/audit/csv';
import { auditExportQuery } from '@/lib/audit/schema';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/audit-log/export – the entries the filters select, as a CSV download
  GET: apiRoute({
    permission: 'admin',
    query: auditExportQuery,
    handle: async ({ ctx, query }) => streamed(auditLogCsv(ctx, query), 'text/csv; charset=utf-8', 'loopdesk-audit-log.csv'),
  }),
});
