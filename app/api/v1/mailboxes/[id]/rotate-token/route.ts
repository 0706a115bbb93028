import { apiRoute, idParams, methods, ok, oneTimeSecret } from '@/lib/api';
import { rotateMailboxToken } from '@/lib/email/mailboxes';
import { mailboxWithTokenJson } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/mailboxes/{id}/rotate-token – a new relay token, shown this once; the old one stops working
  POST: apiRoute({
    summary: 'a new relay token, shown this once; the old one stops working',
    operationId: 'rotateMailboxToken',
    permission: 'admin',
    params: idParams,
    status: 200,
    response: mailboxWithTokenJson,
    handle: async ({ ctx, params }) => oneTimeSecret(ok(await rotateMailboxToken(ctx, params.id))),
  }),
});
