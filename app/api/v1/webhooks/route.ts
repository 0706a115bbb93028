import { apiRoute, created, listOf, methods, oneTimeSecret, paginated, pagination } from '@/lib/api';
import { createWebhookSchema, listWebhooksQuery, webhookJson, webhookWithSecretJson } from '@/lib/webhooks/schema';
import { createWebhook, listWebhooks } from '@/lib/webhooks/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/webhooks – all webhooks, newest first, paginated (never their secrets)
  GET: apiRoute({
    summary: 'all webhooks, newest first, paginated (never their secrets)',
    operationId: 'listWebhooks',
    permission: 'admin',
    scope: 'webhooks:read',
    query: listWebhooksQuery,
    status: 200,
    response: listOf(webhookJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listWebhooks(ctx, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/webhooks – create a webhook; its secret is in data.secret, this once
  POST: apiRoute({
    summary: 'create a webhook; its secret is in data.secret, this once',
    operationId: 'createWebhook',
    permission: 'admin',
    scope: 'webhooks:write',
    body: createWebhookSchema,
    status: 201,
    response: webhookWithSecretJson,
    handle: async ({ ctx, body }) => oneTimeSecret(created(await createWebhook(ctx, body))),
  }),
});
