import { apiRoute, created, methods, paginated, pagination } from '@/lib/api';
import { listCustomers } from '@/lib/customers/queries';
import { createCustomerSchema, listCustomersQuery } from '@/lib/customers/schema';
import { createCustomer } from '@/lib/customers/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/customers – list with filters, search, sorting and pagination
  GET: apiRoute({
    permission: 'read',
    query: listCustomersQuery,
    handle: async ({ ctx, query }) => {
      const { items, total } = await listCustomers(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/customers – create a customer
  POST: apiRoute({
    permission: 'write',
    body: createCustomerSchema,
    handle: async ({ ctx, body }) => created(await createCustomer(ctx, body)),
  }),
});
