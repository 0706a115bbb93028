import { z } from 'zod';
import { apiRoute, created, methods, ok } from '@/lib/api';
import { savedViewJson, savedViewSchema } from '@/lib/views/schema';
import { createSavedView, listSavedViews } from '@/lib/views/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/views – the calling agent's saved inbox views
  GET: apiRoute({
    summary: "the calling agent's saved inbox views",
    operationId: 'listViews',
    permission: 'read',
    scope: 'tickets:read',
    status: 200,
    response: z.array(savedViewJson),
    handle: async ({ ctx }) => ok(await listSavedViews(ctx)),
  }),
  // POST /api/v1/views – save an inbox view {name, query}
  POST: apiRoute({
    summary: 'save an inbox view {name, query}',
    operationId: 'createView',
    permission: 'write',
    scope: 'tickets:write',
    body: savedViewSchema,
    status: 201,
    response: savedViewJson,
    handle: async ({ ctx, body }) => created(await createSavedView(ctx, body)),
  }),
});
