import { apiRoute, created, methods, paginated, pagination } from '@/lib/api';
import { listCategories } from '@/lib/organisation/queries';
import { createCategorySchema, listCategoriesQuery } from '@/lib/organisation/schema';
import { createCategory } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/categories – categories by name, optionally of some departments, paginated
  GET: apiRoute({
    permission: 'read',
    query: listCategoriesQuery,
    handle: async ({ ctx, query }) => {
      const { items, total } = await listCategories(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/categories – create a category, optionally in a department (admin only)
  POST: apiRoute({
    permission: 'admin',
    body: createCategorySchema,
    handle: async ({ ctx, body }) => created(await createCategory(ctx, body)),
  }),
});
