import { apiRoute, idParams, listOf, methods, paginated, pagination } from '@/lib/api';
import { listDeliveries } from '@/lib/webhooks/deliveries';
import { deliveryJson, listDeliveriesQuery } from '@/lib/webhooks/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/webhooks/{id}/deliveries – the delivery log, newest first, with every attempt
  GET: apiRoute({
    summary: 'the delivery log, newest first, with every attempt',
    operationId: 'listWebhookDeliveries',
    permission: 'admin',
    scope: 'webhooks:read',
    params: idParams,
    query: listDeliveriesQuery,
    status: 200,
    response: listOf(deliveryJson),
    handle: async ({ ctx, params, query }) => {
      const { items, total } = await listDeliveries(ctx, params.id, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
});
