import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { listCategories } from '@/lib/organisation/queries';
import { categoryJson, createCategorySchema, listCategoriesQuery } from '@/lib/organisation/schema';
import { createCategory } from '@/lib/organisation/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/categories – categories by name, optionally of some departments, paginated
  GET: apiRoute({
    summary: 'categories by name, optionally of some departments, paginated',
    operationId: 'listCategories',
    permission: 'read',
    scope: 'tickets:read',
    query: listCategoriesQuery,
    status: 200,
    response: listOf(categoryJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listCategories(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/categories – create a category, optionally in a department (admin only)
  POST: apiRoute({
    summary: 'create a category, optionally in a department (admin only)',
    operationId: 'createCategory',
    permission: 'admin',
    scope: 'admin',
    body: createCategorySchema,
    status: 201,
    response: categoryJson,
    handle: async ({ ctx, body }) => created(await createCategory(ctx, body)),
  }),
});
