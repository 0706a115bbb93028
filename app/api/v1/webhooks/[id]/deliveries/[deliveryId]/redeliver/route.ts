import { apiRoute, methods, ok } from '@/lib/api';
import { redeliver } from '@/lib/webhooks/deliveries';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver – send it again now; answers with the delivery
  POST: apiRoute({ permission: 'admin', handle: async ({ ctx, params }) => ok(await redeliver(ctx, params.id!, params.deliveryId!)) }),
});
