import { z } from 'zod';
import { agentJson } from '@/lib/agents/schema';
import { customerJson } from '@/lib/customers/schema';
import { webhookEvents } from '@/lib/events/catalogue';
import { replyJson, ticketJson } from '@/lib/tickets/schema';

/**
 * OpenAPI 3.1's `webhooks`: what Loopdesk POSTs to a subscribed URL for each event of the
 * reference (lib/webhooks/deliver.ts builds the body and headers). `data` carries the resource:
 * a ticket without its thread (and the reply, when one was added), a customer, an agent.
 */
const ticketEventData = z.object({
  ticket: ticketJson.omit({ replies: true }),
  reply: replyJson.optional(),
  // ticket.merged: the ticket the duplicate in `ticket` was merged into.
  merged_into: z.object({ id: z.int(), number: z.string() }).optional(),
});
const dataOf = (event: string): z.ZodType => {
  if (event.startsWith('ticket.')) return ticketEventData;
  if (event.startsWith('customer.')) return z.object({ customer: customerJson });
  return z.object({ agent: agentJson });
};

const header = (name: string, description: string, required = true) => ({ name, in: 'header', required, description, schema: { type: 'string' } });

const signatureHeaders = [
  header('X-Loopdesk-Event', 'The event type'),
  header('X-Loopdesk-Delivery', 'The delivery id, the same on every attempt'),
  header('X-Loopdesk-Timestamp', 'Unix seconds when this attempt was signed'),
  header('X-Loopdesk-Signature', '`sha256=` + hex HMAC-SHA256 of the raw body, keyed with the secret (the reference’s scheme)'),
  header('X-Loopdesk-Signature-Previous', 'The same with the secret it replaced, for 24 hours after a rotation', false),
  header('webhook-id', 'Standard Webhooks: the delivery id'),
  header('webhook-timestamp', 'Standard Webhooks: Unix seconds'),
  header('webhook-signature', 'Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`, one per live secret'),
];

export function webhookOperations() {
  return Object.fromEntries(
    webhookEvents.map((event) => {
      const body = z.object({ id: z.int(), event: z.literal(event), timestamp: z.iso.datetime(), data: dataOf(event) });
      const { $schema: _dialect, ...schema } = z.toJSONSchema(body, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
      const operation = {
        operationId: `on${event.replace(/(^|[._])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase())}`,
        summary: `The ${event} event`,
        tags: ['webhooks'],
        // Sent by Loopdesk, signed with the webhook's secret (the headers below), not called with credentials.
        security: [],
        parameters: signatureHeaders,
        requestBody: { required: true, content: { 'application/json': { schema } } },
        responses: { '200': { description: 'Any 2xx: received. Other answers are retried with backoff for three days.' } },
      };
      return [event, { post: operation }];
    }),
  );
}
