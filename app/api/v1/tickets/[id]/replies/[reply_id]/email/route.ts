import { apiRoute, ids, methods, ok } from '@/lib/api';
import { resendReplyEmail } from '@/lib/email/resend';
import { replyEmailJson } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/tickets/{id}/replies/{reply_id}/email – send a reply's failed (or never sent) email again; answers with its email, queued
  POST: apiRoute({
    summary: "send a reply's failed (or never sent) email again; answers with its email, queued",
    operationId: 'resendTicketReplyEmail',
    permission: 'write',
    scope: 'tickets:write',
    params: ids('id', 'reply_id'),
    status: 202,
    response: replyEmailJson,
    handle: async ({ ctx, params }) => ok(await resendReplyEmail(ctx, params.id, params.reply_id), 202),
  }),
});
