import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TicketView } from '@/components/tickets/ticket-view';

export const metadata: Metadata = { title: 'Ticket · Loopdesk' };

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <TicketView id={Number(id)} />;
}
