import { apiRoute, methods, ok } from '@/lib/api';
import { testWebhook } from '@/lib/webhooks/deliveries';

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // POST /api/v1/webhooks/{id}/test – send a ping event now; answers with the delivery and its attempt
  POST: apiRoute({ permission: 'admin', handle: async ({ ctx, params }) => ok(await testWebhook(ctx, params.id!)) }),
});
