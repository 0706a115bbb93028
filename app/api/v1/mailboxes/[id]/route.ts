import { apiRoute, idParams, methods, noContent, ok } from '@/lib/api';
import { deleteMailbox, getMailbox, updateMailbox } from '@/lib/email/mailboxes';
import { mailboxJson, updateMailboxSchema } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/mailboxes/{id} – one mailbox, with its last check and error
  GET: apiRoute({
    summary: 'one mailbox, with its last check and error',
    operationId: 'getMailbox',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 200,
    response: mailboxJson,
    handle: async ({ ctx, params }) => ok(await getMailbox(ctx, params.id)),
  }),
  // PATCH /api/v1/mailboxes/{id} – change the given fields; the IMAP password stays unless a new one is given
  PATCH: apiRoute({
    summary: 'change the given fields; the IMAP password stays unless a new one is given',
    operationId: 'updateMailbox',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    body: updateMailboxSchema,
    status: 200,
    response: mailboxJson,
    handle: async ({ ctx, params, body }) => ok(await updateMailbox(ctx, params.id, body)),
  }),
  // DELETE /api/v1/mailboxes/{id} – delete it; its tickets and received emails stay
  DELETE: apiRoute({
    summary: 'delete it; its tickets and received emails stay',
    operationId: 'deleteMailbox',
    permission: 'admin',
    scope: 'admin',
    params: idParams,
    status: 204,
    response: null,
    handle: async ({ ctx, params }) => {
      await deleteMailbox(ctx, params.id);
      return noContent();
    },
  }),
});
