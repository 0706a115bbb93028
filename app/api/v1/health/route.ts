import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { apiRoute, errorResponse, methods, ok } from '@/lib/api';
import { log } from '@/lib/log';

const healthJson = z.strictObject({ status: z.literal('ok'), database: z.literal('ok') });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/health – liveness and database reachability, no credentials needed
  GET: apiRoute({
    summary: 'liveness and database reachability, no credentials needed',
    operationId: 'getHealth',
    permission: 'public',
    status: 200,
    response: healthJson,
    handle: async ({ ctx }) => {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000).unref());
      try {
        await Promise.race([ctx.db.execute(sql`select 1`), timeout]);
        return ok({ status: 'ok' as const, database: 'ok' as const });
      } catch (error) {
        log('error', 'health check failed', { requestId: ctx.requestId, error: String(error) });
        return errorResponse(503, 'SERVICE_UNAVAILABLE', 'The database is unreachable');
      }
    },
  }),
});
