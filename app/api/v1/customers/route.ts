import { referenceRequests, referenceResponses } from '@/lib/api/reference-examples';
import { apiRoute, created, listOf, methods, paginated, pagination } from '@/lib/api';
import { listCustomers } from '@/lib/customers/queries';
import { createCustomerSchema, customerJson, listCustomersQuery } from '@/lib/customers/schema';
import { createCustomer } from '@/lib/customers/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/customers – list with filters, search, sorting and pagination
  GET: apiRoute({
    summary: 'list with filters, search, sorting and pagination',
    operationId: 'listCustomers',
    permission: 'read',
    scope: 'customers:read',
    query: listCustomersQuery,
    status: 200,
    response: listOf(customerJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listCustomers(ctx.db, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/customers – create a customer
  POST: apiRoute({
    summary: 'create a customer',
    operationId: 'createCustomer',
    permission: 'write',
    scope: 'customers:write',
    body: createCustomerSchema,
    requestExample: referenceRequests.createCustomer,
    responseExample: referenceResponses.createCustomer,
    status: 201,
    response: customerJson,
    handle: async ({ ctx, body }) => created(await createCustomer(ctx, body)),
  }),
});
