import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as sdk from '../src/index.js';
import type { Loopdesk, Schema, WebhookEvent } from '../src/index.js';

test('exports the client, its error, the webhook verifier and its error', () => {
  assert.equal(typeof sdk.Loopdesk, 'function');
  assert.equal(typeof sdk.verifyWebhook, 'function');
  assert.ok(new sdk.LoopdeskError(404, undefined, new Headers()) instanceof Error, 'LoopdeskError is an Error');
  assert.ok(new sdk.WebhookVerificationError('no') instanceof Error, 'WebhookVerificationError is an Error');
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>) => undefined;

/** Checked by `tsc --noEmit` from the repository root, never run: what the types take and refuse. */
export async function typeChecks(loopdesk: Loopdesk, rawBody: string) {
  const { data: ticket } = await loopdesk.POST('/api/v1/tickets', { body: { subject: 'Printer on fire', priority: 'high' } });
  same<typeof ticket, Schema<'Ticket'>>(true);
  same<typeof ticket.status, 'open' | 'pending' | 'on_hold' | 'resolved' | 'closed'>(true);

  // Numbers and yes/no as they are meant; a list parameter takes one value or several.
  const { data: tickets, pagination } = await loopdesk.GET('/api/v1/tickets', { params: { query: { status: 'open', per_page: 50, unassigned: true } } });
  await loopdesk.GET('/api/v1/tickets', { params: { query: { status: ['open', 'pending'], customer_id: [1, 2] } } });
  // @ts-expect-error a page size is a number
  await loopdesk.GET('/api/v1/tickets', { params: { query: { per_page: 'fifty' } } });
  same<(typeof tickets)[number], Schema<'TicketListItem'>>(true);
  same<typeof pagination.has_next, boolean>(true);

  const deleted = await loopdesk.DELETE('/api/v1/tickets/{id}', { params: { path: { id: 1 } } });
  same<typeof deleted, undefined>(true);
  for await (const customer of loopdesk.paginate('/api/v1/customers')) same<typeof customer, sdk.ListItem<'/api/v1/customers'>>(true);
  const csv = await loopdesk.GET('/api/v1/audit-log/export', { parseAs: 'text' });
  same<typeof csv, string>(true);
  const file = await loopdesk.GET('/api/v1/files/{id}/download', { params: { path: { id: 42 } }, parseAs: 'blob' });
  same<typeof file, Blob>(true);

  // @ts-expect-error a priority the API does not have
  await loopdesk.POST('/api/v1/tickets', { body: { subject: 'x', priority: 'extreme' } });
  // @ts-expect-error subject is required
  await loopdesk.POST('/api/v1/tickets', { body: { description: 'no subject' } });
  // @ts-expect-error the path's id is required
  await loopdesk.GET('/api/v1/tickets/{id}');
  // @ts-expect-error a status the API does not have
  await loopdesk.GET('/api/v1/tickets', { params: { query: { status: 'opened' } } });
  // @ts-expect-error a misspelt option is refused, not silently dropped
  await loopdesk.GET('/api/v1/tickets', { parmas: { query: { status: 'open' } } });
  // @ts-expect-error a misspelt field of a body
  await loopdesk.POST('/api/v1/tickets', { body: { subject: 'x', prority: 'high' } });
  // @ts-expect-error a misspelt path parameter
  await loopdesk.GET('/api/v1/tickets/{id}', { params: { path: { id: 1, ticket_id: 2 } } });
  // @ts-expect-error a misspelt option of a list walk
  loopdesk.paginate('/api/v1/tickets', { parmas: { query: { status: 'open' } } });
  // @ts-expect-error one ticket is not a list
  loopdesk.paginate('/api/v1/tickets/{id}', { params: { path: { id: 1 } } });
  // @ts-expect-error one of apiKey and accessToken
  new sdk.Loopdesk({ baseUrl: 'http://localhost:3000' });

  const event: WebhookEvent = sdk.verifyWebhook(rawBody, {}, 'secret');
  if (event.event === 'customer.created') same<typeof event.data.customer, Schema<'Customer'>>(true);
  sdk.verifyWebhook(rawBody, {}, 'secret', { scheme: 'loopdesk-signature' });
  // @ts-expect-error the body-only scheme has no timestamp to hold to a tolerance
  sdk.verifyWebhook(rawBody, {}, 'secret', { scheme: 'loopdesk-signature', toleranceSeconds: 600 });
}
