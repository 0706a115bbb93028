import { apiRoute, cursorListOf, cursorPaginated, methods } from '@/lib/api';
import { listAuditLog } from '@/lib/audit/queries';
import { auditEntryJson, auditLogQuery } from '@/lib/audit/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/audit-log – every change of every resource, newest first, filtered, walked by cursor
  GET: apiRoute({
    summary: 'every change of every resource, newest first, filtered, walked by cursor',
    operationId: 'listAuditLog',
    permission: 'admin',
    scope: 'admin',
    query: auditLogQuery,
    status: 200,
    response: cursorListOf(auditEntryJson),
    handle: async ({ ctx, query }) => {
      const { items, nextCursor } = await listAuditLog(ctx, query);
      return cursorPaginated(items, query.per_page, nextCursor);
    },
  }),
});
