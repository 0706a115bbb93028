import { apiRoute, ids, methods, ok } from '@/lib/api';
import { deliveryWithBodyJson } from '@/lib/webhooks/schema';
import { redeliver } from '@/lib/webhooks/deliveries';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver – send it again now; answers with the delivery
  POST: apiRoute({
    summary: 'send it again now; answers with the delivery',
    operationId: 'redeliverWebhookDelivery',
    permission: 'admin',
    scope: 'webhooks:write',
    params: ids('id', 'delivery_id'),
    status: 200,
    response: deliveryWithBodyJson,
    handle: async ({ ctx, params }) => ok(await redeliver(ctx, params.id, params.delivery_id)),
  }),
});
