import { apiRoute, created, methods, ok } from '@/lib/api';
import { savedViewSchema } from '@/lib/views/schema';
import { createSavedView, listSavedViews } from '@/lib/views/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/views – the calling agent's saved inbox views
  GET: apiRoute({ permission: 'read', handle: async ({ ctx }) => ok(await listSavedViews(ctx)) }),
  // POST /api/v1/views – save an inbox view {name, query}
  POST: apiRoute({ permission: 'write', body: savedViewSchema, handle: async ({ ctx, body }) => created(await createSavedView(ctx, body)) }),
});
