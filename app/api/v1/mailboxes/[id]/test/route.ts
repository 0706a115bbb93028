import { apiRoute, idParams, methods, ok } from '@/lib/api';
import { testMailboxConnection } from '@/lib/email/mailboxes';
import { mailboxTestJson } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/mailboxes/{id}/test – sign in to its IMAP server and open the folder; ok, the error, and whether it has IDLE
  POST: apiRoute({
    summary: 'sign in to its IMAP server and open the folder; ok, the error, and whether it has IDLE',
    operationId: 'testMailbox',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 200,
    response: mailboxTestJson,
    handle: async ({ ctx, params }) => ok(await testMailboxConnection(ctx, params.id)),
  }),
});
