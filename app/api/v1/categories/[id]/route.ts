import { apiRoute, methods, noContent, ok } from '@/lib/api';
import { getCategoryOrThrow } from '@/lib/organisation/queries';
import { updateCategorySchema } from '@/lib/organisation/schema';
import { deleteCategory, updateCategory } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/categories/{id} – one category with its department and ticket count
  GET: apiRoute({ permission: 'read', handle: async ({ ctx, params }) => ok(await getCategoryOrThrow(ctx.db, params.id!)) }),
  // PUT /api/v1/categories/{id} – rename, describe or move to another department (null: none)
  PUT: apiRoute({
    permission: 'admin',
    body: updateCategorySchema,
    handle: async ({ ctx, params, body }) => ok(await updateCategory(ctx, params.id!, body)),
  }),
  // DELETE /api/v1/categories/{id} – refused while tickets are filed under it
  DELETE: apiRoute({
    permission: 'admin',
    handle: async ({ ctx, params }) => {
      await deleteCategory(ctx, params.id!);
      return noContent();
    },
  }),
});
