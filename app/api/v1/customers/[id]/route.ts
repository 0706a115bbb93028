import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { getCustomerOrThrow } from '@/lib/customers/queries';
import { customerJson, deleteCustomerQuery, updateCustomerSchema } from '@/lib/customers/schema';
import { deleteCustomer, updateCustomer } from '@/lib/customers/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/customers/{id} – the full customer with a live ticket count
  GET: apiRoute({
    summary: 'the full customer with a live ticket count',
    operationId: 'getCustomer',
    permission: 'read',
    scope: 'customers:read',
    params: idParams,
    status: 200,
    response: customerJson,
    handle: async ({ ctx, params }) => ok(await getCustomerOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/customers/{id} – partial update
  PUT: apiRoute({
    summary: 'partial update',
    operationId: 'updateCustomer',
    permission: 'write',
    scope: 'customers:write',
    params: idParams,
    body: updateCustomerSchema,
    status: 200,
    response: customerJson,
    handle: async ({ ctx, params, body }) => ok(await updateCustomer(ctx, params.id, body)),
  }),
  // DELETE /api/v1/customers/{id} – refused while they have tickets, unless ?force=true deletes those too
  DELETE: apiRoute({
    summary: 'refused while they have tickets, unless ?force=true deletes those too',
    operationId: 'deleteCustomer',
    permission: 'write',
    scope: 'customers:write',
    params: idParams,
    query: deleteCustomerQuery,
    status: 204,
    response: null,
    handle: async ({ ctx, params, query }) => {
      await deleteCustomer(ctx, params.id, query);
      return noContent();
    },
  }),
});
