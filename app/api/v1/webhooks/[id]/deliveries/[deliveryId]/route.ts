import { apiRoute, methods, ok } from '@/lib/api';
import { getDelivery } from '@/lib/webhooks/deliveries';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // GET /api/v1/webhooks/{id}/deliveries/{delivery_id} – one delivery with every attempt
  GET: apiRoute({ permission: 'admin', handle: async ({ ctx, params }) => ok(await getDelivery(ctx, params.id!, params.deliveryId!)) }),
});
