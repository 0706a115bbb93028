import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { events, inboundEmails } from '@/db/schema';
import { getMailboxOrThrow, createMailbox } from '@/lib/email/mailboxes';
import { createMailboxSchema } from '@/lib/email/schema';
import { fixtureContext } from '@/lib/test/factories';
import { loadTickets } from '@/lib/tickets/queries';

/** A relay-only mailbox made through the mailboxes service, with its row (for receiveEmail) and its token (for the endpoint). */
export async function createTestMailbox(input: { address: string; department_id?: number }) {
  const created = await createMailbox(fixtureContext(), createMailboxSchema.parse({ name: `Support ${input.address}`, ...input }));
  return { mailbox: await getMailboxOrThrow(getDb(), created.id), token: created.inbound_token };
}

export async function ticketOf(id: number | null) {
  if (id === null) throw new Error('no ticket was made');
  const [ticket] = await loadTickets(getDb(), [id]);
  return ticket!;
}

export async function inboundRow(messageId: string) {
  const [row] = await getDb().select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
  return row;
}

/** The events written about one resource, oldest first. */
export async function eventsOf(resourceType: string, resourceId: number) {
  const rows = await getDb().select().from(events).where(eq(events.resourceId, resourceId)).orderBy(desc(events.id));
  return rows.filter((e) => e.resourceType === resourceType).reverse();
}
