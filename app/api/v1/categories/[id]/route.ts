import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { getCategoryOrThrow } from '@/lib/organisation/queries';
import { categoryJson, updateCategorySchema } from '@/lib/organisation/schema';
import { deleteCategory, updateCategory } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/categories/{id} – one category with its department and ticket count
  GET: apiRoute({
    summary: 'one category with its department and ticket count',
    operationId: 'getCategory',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: categoryJson,
    handle: async ({ ctx, params }) => ok(await getCategoryOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/categories/{id} – rename, describe or move to another department (null: none)
  PUT: apiRoute({
    summary: 'rename, describe or move to another department (null: none)',
    operationId: 'updateCategory',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    body: updateCategorySchema,
    status: 200,
    response: categoryJson,
    handle: async ({ ctx, params, body }) => ok(await updateCategory(ctx, params.id, body)),
  }),
  // DELETE /api/v1/categories/{id} – refused while tickets are filed under it
  DELETE: apiRoute({
    summary: 'refused while tickets are filed under it',
    operationId: 'deleteCategory',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteCategory(ctx, params.id);
      return noContent();
    },
  }),
});
