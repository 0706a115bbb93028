import Link from 'next/link';
import type { TicketSummaryJson } from '@/lib/tickets/schema';
import { PriorityBadge, StatusBadge } from './labels';

/** A ticket row's number and subject cells, the subject linking to the ticket: the same in every list of tickets. */
export function TicketNumberAndSubject({ ticket }: { ticket: Pick<TicketSummaryJson, 'id' | 'number' | 'subject'> }) {
  return (
    <>
      <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-600 dark:text-slate-400">{ticket.number}</td>
      <td className="max-w-md truncate px-3 py-2">
        <Link href={`/tickets/${ticket.id}`} className="font-medium text-slate-900 hover:underline dark:text-slate-100">
          {ticket.subject}
        </Link>
      </td>
    </>
  );
}

/** A ticket row's status and priority cells. */
export function TicketStatusAndPriority({ ticket }: { ticket: Pick<TicketSummaryJson, 'status' | 'priority'> }) {
  return (
    <>
      <td className="px-3 py-2">
        <StatusBadge status={ticket.status} />
      </td>
      <td className="px-3 py-2">
        <PriorityBadge priority={ticket.priority} />
      </td>
    </>
  );
}
