import { apiRoute, methods, ok } from '@/lib/api';
import { emailSettingsJson, updateEmailSettingsSchema } from '@/lib/email/schema';
import { getEmailSettings, updateEmailSettings } from '@/lib/email/settings';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/settings/email – whether SMTP is set up, the From address, the acknowledgement and the per-sender limit
  GET: apiRoute({
    summary: 'whether SMTP is set up, the From address, the acknowledgement and the per-sender limit',
    operationId: 'getEmailSettings',
    // Agents read it too: the desk tells them when email is not set up.
    permission: 'read',
    scope: 'admin',
    status: 200,
    response: emailSettingsJson,
    handle: async ({ ctx }) => ok(await getEmailSettings(ctx.db)),
  }),
  // PATCH /api/v1/settings/email – switch the acknowledgement, change the per-sender hourly limit
  PATCH: apiRoute({
    summary: 'switch the acknowledgement, change the per-sender hourly limit',
    operationId: 'updateEmailSettings',
    permission: 'admin',
    scope: 'admin',
    body: updateEmailSettingsSchema,
    status: 200,
    response: emailSettingsJson,
    handle: async ({ ctx, body }) => ok(await updateEmailSettings(ctx, body)),
  }),
});
