import { apiRoute, file, methods, streamed } from '@/lib/api';
import { auditLogCsv } from '@/lib/audit/csv';
import { auditExportQuery } from '@/lib/audit/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/audit-log/export – the entries the filters select, as a CSV download
  GET: apiRoute({
    summary: 'the entries the filters select, as a CSV download',
    operationId: 'exportAuditLog',
    permission: 'admin',
    scope: 'admin',
    query: auditExportQuery,
    status: 200,
    response: file('text/csv'),
    handle: async ({ ctx, query }) => streamed(auditLogCsv(ctx, query), 'text/csv; charset=utf-8', 'loopdesk-audit-log.csv'),
  }),
});
