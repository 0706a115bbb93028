import type { Metadata } from 'next';
import { NewTicketForm } from '@/components/tickets/new-ticket-form';

export const metadata: Metadata = { title: 'New ticket · Loopdesk' };

/** `?customer_id=12` (from a customer's profile) starts the ticket with that customer as its requester. */
export default async function NewTicketPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { customer_id: customerId } = await searchParams;
  const requesterId = typeof customerId === 'string' && /^[1-9]\d{0,9}$/.test(customerId) ? Number(customerId) : null;
  return <NewTicketForm requesterId={requesterId} />;
}
