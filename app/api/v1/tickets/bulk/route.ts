import { apiRoute, created, methods, ok } from '@/lib/api';
import { bulkCreateSchema, bulkUpdateSchema } from '@/lib/tickets/schema';
import { createTickets, updateTickets } from '@/lib/tickets/service';

const BULK_BODY_LIMIT = 10 * 1024 * 1024;

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/tickets/bulk – create up to 100 tickets, all or nothing
  POST: apiRoute({
    permission: 'write',
    body: bulkCreateSchema,
    maxBodyBytes: BULK_BODY_LIMIT,
    handle: async ({ ctx, body }) => created(await createTickets(ctx, body.tickets)),
  }),
  // PUT /api/v1/tickets/bulk – update up to 100 tickets, all or nothing
  PUT: apiRoute({
    permission: 'write',
    body: bulkUpdateSchema,
    maxBodyBytes: BULK_BODY_LIMIT,
    handle: async ({ ctx, body }) => ok(await updateTickets(ctx, body.tickets)),
  }),
});
