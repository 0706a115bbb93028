import { apiRoute, listOf, methods, paginated, pagination } from '@/lib/api';
import { listNotifications } from '@/lib/notifications/queries';
import { listNotificationsQuery, notificationJson } from '@/lib/notifications/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/notifications – the calling agent's notification center, newest first (?unread=true: only unread)
  GET: apiRoute({
    summary: "the calling agent's notification center, newest first (?unread=true: only unread)",
    operationId: 'listNotifications',
    permission: 'read',
    scope: 'tickets:read',
    query: listNotificationsQuery,
    status: 200,
    response: listOf(notificationJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listNotifications(ctx, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
});
