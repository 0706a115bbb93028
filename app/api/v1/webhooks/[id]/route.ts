import { apiRoute, methods, noContent, ok } from '@/lib/api';
import { updateWebhookSchema } from '@/lib/webhooks/schema';
import { deleteWebhook, getWebhook, updateWebhook } from '@/lib/webhooks/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/webhooks/{id} – one webhook, without its secret
  GET: apiRoute({ permission: 'admin', handle: async ({ ctx, params }) => ok(await getWebhook(ctx, params.id!)) }),
  // PUT /api/v1/webhooks/{id} – change url, events, active, description or secret
  PUT: apiRoute({
    permission: 'admin',
    body: updateWebhookSchema,
    handle: async ({ ctx, params, body }) => ok(await updateWebhook(ctx, params.id!, body)),
  }),
  // DELETE /api/v1/webhooks/{id} – delete it with its delivery log
  DELETE: apiRoute({
    permission: 'admin',
    handle: async ({ ctx, params }) => {
      await deleteWebhook(ctx, params.id!);
      return noContent();
    },
  }),
});
