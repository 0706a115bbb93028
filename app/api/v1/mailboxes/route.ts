import { apiRoute, created, listOf, methods, oneTimeSecret, paginated, pagination } from '@/lib/api';
import { createMailbox, listMailboxes } from '@/lib/email/mailboxes';
import { createMailboxSchema, listMailboxesQuery, mailboxJson, mailboxWithTokenJson } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/mailboxes – all mailboxes, newest first, paginated (never their passwords or tokens)
  GET: apiRoute({
    summary: 'all mailboxes, newest first, paginated (never their passwords or tokens)',
    operationId: 'listMailboxes',
    permission: 'admin',
    scope: 'admin',
    query: listMailboxesQuery,
    status: 200,
    response: listOf(mailboxJson),
    handle: async ({ ctx, query }) => {
      const { items, total } = await listMailboxes(ctx, query);
      return paginated(items, pagination(query.page, query.per_page, total));
    },
  }),
  // POST /api/v1/mailboxes – add a mailbox; its relay token is in data.inbound_token, this once
  POST: apiRoute({
    summary: 'add a mailbox; its relay token is in data.inbound_token, this once',
    operationId: 'createMailbox',
    permission: 'admin',
    scope: 'admin',
    body: createMailboxSchema,
    status: 201,
    response: mailboxWithTokenJson,
    handle: async ({ ctx, body }) => oneTimeSecret(created(await createMailbox(ctx, body))),
  }),
});
