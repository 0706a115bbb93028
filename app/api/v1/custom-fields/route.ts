import { apiRoute, created, methods, paginated, pagination } from '@/lib/api';
import { listCustomFields } from '@/lib/custom-fields/queries';
import { createCustomFieldSchema, listCustomFieldsQuery } from '@/lib/custom-fields/schema';
import { createCustomField } from '@/lib/custom-fields/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/custom-fields – definitions in form order, optionally of one entity
  GET: apiRoute({
    permission: 'read',
    query: listCustomFieldsQuery,
    handle: async ({ ctx, query }) => {
      const { items, total } = await listCustomFields(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/custom-fields – define a ticket or customer field (admin only)
  POST: apiRoute({
    permission: 'admin',
    body: createCustomFieldSchema,
    handle: async ({ ctx, body }) => created(await createCustomField(ctx, body)),
  }),
});
