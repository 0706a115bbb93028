import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { listCustomFields } from '@/lib/custom-fields/queries';
import { createCustomFieldSchema, customFieldJson, listCustomFieldsQuery } from '@/lib/custom-fields/schema';
import { createCustomField } from '@/lib/custom-fields/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/custom-fields – definitions in form order, optionally of one entity
  GET: apiRoute({
    summary: 'definitions in form order, optionally of one entity',
    operationId: 'listCustomFields',
    permission: 'read',
    scope: 'tickets:read',
    query: listCustomFieldsQuery,
    status: 200,
    response: listOf(customFieldJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listCustomFields(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/custom-fields – define a ticket or customer field (admin only)
  POST: apiRoute({
    summary: 'define a ticket or customer field (admin only)',
    operationId: 'createCustomField',
    permission: 'admin',
    scope: 'admin',
    body: createCustomFieldSchema,
    status: 201,
    response: customFieldJson,
    handle: async ({ ctx, body }) => created(await createCustomField(ctx, body)),
  }),
});
