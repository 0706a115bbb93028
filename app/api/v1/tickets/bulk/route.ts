import { z } from 'zod';
import { apiRoute, created, methods, ok } from '@/lib/api';
import { bulkCreateSchema, bulkUpdateSchema, ticketJson } from '@/lib/tickets/schema';
import { createTickets, updateTickets } from '@/lib/tickets/service';

const BULK_BODY_LIMIT = 10 * 1024 * 1024;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/bulk – create up to 100 tickets, all or nothing
  POST: apiRoute({
    summary: 'create up to 100 tickets, all or nothing',
    operationId: 'bulkCreateTickets',
    permission: 'write',
    scope: 'tickets:write',
    body: bulkCreateSchema,
    maxBodyBytes: BULK_BODY_LIMIT,
    status: 201,
    response: z.array(ticketJson),
    handle: async ({ ctx, body }) => created(await createTickets(ctx, body.tickets)),
  }),
  // PUT /api/v1/tickets/bulk – update up to 100 tickets, all or nothing
  PUT: apiRoute({
    summary: 'update up to 100 tickets, all or nothing',
    operationId: 'bulkUpdateTickets',
    permission: 'write',
    scope: 'tickets:write',
    body: bulkUpdateSchema,
    maxBodyBytes: BULK_BODY_LIMIT,
    status: 200,
    response: z.array(ticketJson),
    handle: async ({ ctx, body }) => ok(await updateTickets(ctx, body.tickets)),
  }),
});
