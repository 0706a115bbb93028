import { apiRoute, methods, ok } from '@/lib/api';
import { getOwnNotifications, updateOwnNotifications } from '@/lib/email/preferences';
import { notificationPreferencesJson, updateNotificationsSchema } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/me/notifications – which emails the signed-in agent gets
  GET: apiRoute({
    summary: 'which emails the signed-in agent gets',
    operationId: 'getMyNotifications',
    permission: 'read',
    scope: 'agents:read',
    status: 200,
    response: notificationPreferencesJson,
    handle: async ({ ctx }) => ok(await getOwnNotifications(ctx)),
  }),
  // PUT /api/v1/me/notifications – the signed-in agent switches notification emails on or off
  PUT: apiRoute({
    summary: 'the signed-in agent switches notification emails on or off',
    operationId: 'updateMyNotifications',
    permission: 'write',
    body: updateNotificationsSchema,
    status: 200,
    response: notificationPreferencesJson,
    handle: async ({ ctx, body }) => ok(await updateOwnNotifications(ctx, body)),
  }),
});
