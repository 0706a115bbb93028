import { apiRoute, methods, ok, oneTimeSecret } from '@/lib/api';
import { rotateWebhookSecret } from '@/lib/webhooks/service';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/webhooks/{id}/rotate-secret – a new secret, shown this once; the old one signs too for 24 hours
  POST: apiRoute({
    permission: 'admin',
    handle: async ({ ctx, params }) => oneTimeSecret(ok(await rotateWebhookSecret(ctx, params.id!))),
  }),
});
