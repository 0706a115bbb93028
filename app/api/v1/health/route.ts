import { sql } from 'drizzle-orm';
import { apiRoute, errorResponse, methods, ok } from '@/lib/api';
import { log } from '@/lib/log';

// GET /api/v1/health – liveness and database reachability, no credentials needed
export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: apiRoute({
    permission: 'public',
    handle: async ({ ctx }) => {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000).unref());
      try {
        await Promise.race([ctx.db.execute(sql`select 1`), timeout]);
        return ok({ status: 'ok', database: 'ok' });
      } catch (error) {
        log('error', 'health check failed', { requestId: ctx.requestId, error: String(error) });
        return errorResponse(503, 'SERVICE_UNAVAILABLE', 'The database is unreachable');
      }
    },
  }),
});
