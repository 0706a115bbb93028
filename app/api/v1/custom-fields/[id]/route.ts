import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { getCustomFieldOrThrow } from '@/lib/custom-fields/queries';
import { customFieldJson, updateCustomFieldSchema } from '@/lib/custom-fields/schema';
import { deleteCustomField, updateCustomField } from '@/lib/custom-fields/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/custom-fields/{id} – one definition
  GET: apiRoute({
    summary: 'one definition',
    operationId: 'getCustomField',
    permission: 'read',
    scope: 'tickets:read',
    params: idParams,
    status: 200,
    response: customFieldJson,
    handle: async ({ ctx, params }) => ok(await getCustomFieldOrThrow(ctx.db, params.id)),
  }),
  // PUT /api/v1/custom-fields/{id} – change label, options, required or position
  PUT: apiRoute({
    summary: 'change label, options, required or position',
    operationId: 'updateCustomField',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    body: updateCustomFieldSchema,
    status: 200,
    response: customFieldJson,
    handle: async ({ ctx, params, body }) => ok(await updateCustomField(ctx, params.id, body)),
  }),
  // DELETE /api/v1/custom-fields/{id} – remove the definition; stored values stay
  DELETE: apiRoute({
    summary: 'remove the definition; stored values stay',
    operationId: 'deleteCustomField',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteCustomField(ctx, params.id);
      return noContent();
    },
  }),
});
