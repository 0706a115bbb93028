import { apiRoute, ids, methods, ok } from '@/lib/api';
import { deliveryWithBodyJson } from '@/lib/webhooks/schema';
import { getDelivery } from '@/lib/webhooks/deliveries';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/webhooks/{id}/deliveries/{delivery_id} – one delivery with every attempt
  GET: apiRoute({
    summary: 'one delivery with every attempt',
    operationId: 'getWebhookDelivery',
    permission: 'admin',
    scope: 'webhooks:read',
    params: ids('id', 'delivery_id'),
    status: 200,
    response: deliveryWithBodyJson,
    handle: async ({ ctx, params }) => ok(await getDelivery(ctx, params.id, params.delivery_id)),
  }),
});
