import { apiRoute, methods, ok } from '@/lib/api';
import { countUnreadNotifications } from '@/lib/notifications/queries';
import { unreadCountJson } from '@/lib/notifications/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/notifications/unread-count – how many of the calling agent's notifications are unread
  GET: apiRoute({
    summary: "how many of the calling agent's notifications are unread",
    operationId: 'countUnreadNotifications',
    permission: 'read',
    scope: 'tickets:read',
    status: 200,
    response: unreadCountJson,
    handle: async ({ ctx }) => ok(await countUnreadNotifications(ctx)),
  }),
});
