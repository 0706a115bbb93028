import { apiRoute, methods, paginated, pagination } from '@/lib/api';
import { listDeliveries } from '@/lib/webhooks/deliveries';
import { listDeliveriesQuery } from '@/lib/webhooks/schema';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/webhooks/{id}/deliveries – the delivery log, newest first, with every attempt
  GET: apiRoute({
    permission: 'admin',
    query: listDeliveriesQuery,
    handle: async ({ ctx, params, query }) => {
      const { items, total } = await listDeliveries(ctx, params.id!, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
});
