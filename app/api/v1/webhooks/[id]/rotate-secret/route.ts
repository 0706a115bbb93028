import { apiRoute, idParams, methods, ok, oneTimeSecret } from '@/lib/api';
import { webhookWithSecretJson } from '@/lib/webhooks/schema';
import { rotateWebhookSecret } from '@/lib/webhooks/service';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/webhooks/{id}/rotate-secret – a new secret, shown this once; the old one signs too for 24 hours
  POST: apiRoute({
    summary: 'a new secret, shown this once; the old one signs too for 24 hours',
    operationId: 'rotateWebhookSecret',
    permission: 'admin',
    params: idParams,
    status: 200,
    response: webhookWithSecretJson,
    handle: async ({ ctx, params }) => oneTimeSecret(ok(await rotateWebhookSecret(ctx, params.id))),
  }),
});
