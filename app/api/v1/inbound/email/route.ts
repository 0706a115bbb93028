import { apiRoute, created, methods, ok, readRawBody } from '@/lib/api';
import { config } from '@/lib/config';
import { receiveEmail } from '@/lib/email/inbound/receive';
import { MAILBOX_TOKEN_HEADER, relayMailbox } from '@/lib/email/inbound/relay';
import { inboundResultJson } from '@/lib/email/schema';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // POST /api/v1/inbound/email – one raw RFC 5322 message from a relay, authenticated by its mailbox's token
  // 201 when this delivery made a ticket or reply; 200 for a duplicate, a bounce or a refused message.
  POST: apiRoute({
    summary: "one raw RFC 5322 message (message/rfc822) from a relay, authenticated by its mailbox's token",
    operationId: 'receiveInboundEmail',
    // Public to the wrapper, which knows API keys and sessions: the mailbox token is checked here.
    permission: 'public',
    tokenHeader: MAILBOX_TOKEN_HEADER,
    rawBody: { contentType: 'message/rfc822' },
    status: [201, 200],
    response: inboundResultJson,
    handle: async ({ ctx, req }) => {
      const mailbox = await relayMailbox(ctx.db, req);
      const raw = await readRawBody(req, config().maxEmailBytes, 'message/rfc822');
      const result = await receiveEmail(ctx.db, mailbox, raw, { requestId: ctx.requestId, ip: ctx.ip });
      const made = !result.duplicate && (result.outcome === 'ticket' || result.outcome === 'reply' || result.outcome === 'auto_reply');
      return made ? created(result) : ok(result);
    },
  }),
});
