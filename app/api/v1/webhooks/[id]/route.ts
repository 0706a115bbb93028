import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { updateWebhookSchema, webhookJson } from '@/lib/webhooks/schema';
import { deleteWebhook, getWebhook, updateWebhook } from '@/lib/webhooks/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/webhooks/{id} – one webhook, without its secret
  GET: apiRoute({
    summary: 'one webhook, without its secret',
    operationId: 'getWebhook',
    permission: 'admin',
    scope: 'webhooks:read',
    params: idParams,
    status: 200,
    response: webhookJson,
    // A secret stored under an encryption key since replaced cannot be read: set a new one.
    errors: [409],
    handle: async ({ ctx, params }) => ok(await getWebhook(ctx, params.id)),
  }),
  // PUT /api/v1/webhooks/{id} – change url, events, active, description or secret
  PUT: apiRoute({
    summary: 'change url, events, active, description or secret',
    operationId: 'updateWebhook',
    permission: 'admin',
    scope: 'webhooks:write',
    params: idParams,
    body: updateWebhookSchema,
    status: 200,
    response: webhookJson,
    handle: async ({ ctx, params, body }) => ok(await updateWebhook(ctx, params.id, body)),
  }),
  // DELETE /api/v1/webhooks/{id} – delete it with its delivery log
  DELETE: apiRoute({
    summary: 'delete it with its delivery log',
    operationId: 'deleteWebhook',
    permission: 'admin',
    scope: 'webhooks:write',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteWebhook(ctx, params.id);
      return noContent();
    },
  }),
});
