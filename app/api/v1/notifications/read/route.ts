import { apiRoute, methods, ok } from '@/lib/api';
import { markNotificationsRead } from '@/lib/notifications/queries';
import { markedReadJson, markNotificationsReadSchema } from '@/lib/notifications/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/notifications/read – mark some of the calling agent's notifications read {ids}, or all {all: true}
  POST: apiRoute({
    summary: "mark some of the calling agent's notifications read {ids}, or all {all: true}",
    operationId: 'markNotificationsRead',
    permission: 'write',
    body: markNotificationsReadSchema,
    status: 200,
    response: markedReadJson,
    handle: async ({ ctx, body }) => ok(await markNotificationsRead(ctx, body)),
  }),
});
