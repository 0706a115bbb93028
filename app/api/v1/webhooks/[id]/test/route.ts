import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { testWebhook } from '@/lib/webhooks/deliveries';
import { deliveryWithBodyJson } from '@/lib/webhooks/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/webhooks/{id}/test – send a ping event now; answers with the delivery and its attempt
  POST: apiRoute({
    summary: 'send a ping event now; answers with the delivery and its attempt',
    operationId: 'testWebhook',
    permission: 'admin',
    scope: 'webhooks:write',
    params: idParams,
    status: 200,
    response: deliveryWithBodyJson,
    handle: async ({ ctx, params }) => ok(await testWebhook(ctx, params.id)),
  }),
});
