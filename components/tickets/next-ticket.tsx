'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { TicketJson } from '@/lib/tickets/schema';

const INBOX_LIST_KEY = 'loopdesk:inbox-list';

/** The inbox remembers the tickets it last listed and where (its URL), in this tab only, so a ticket view knows which comes next. */
export function rememberInboxList(ids: number[], href: string): void {
  try {
    sessionStorage.setItem(INBOX_LIST_KEY, JSON.stringify({ ids, href }));
  } catch {
    // Storage refused (a private window): there is simply no "next ticket".
  }
}

function storedInboxList(): { ids: unknown[]; href: string } {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(INBOX_LIST_KEY) ?? 'null');
    if (stored && typeof stored === 'object' && 'ids' in stored && 'href' in stored && Array.isArray(stored.ids) && typeof stored.href === 'string') {
      return { ids: stored.ids, href: stored.href.startsWith('/tickets') ? stored.href : '/tickets' };
    }
  } catch {
    // Unreadable or refused storage: the plain inbox.
  }
  return { ids: [], href: '/tickets' };
}

/** The inbox list the agent came from, with its filters; the plain inbox otherwise. */
export const inboxHref = () => storedInboxList().href;

function nextInInboxList(id: number): number | null {
  const { ids } = storedInboxList();
  const at = ids.indexOf(id);
  const next: unknown = at >= 0 ? ids[at + 1] : undefined;
  return typeof next === 'number' ? next : null;
}

const done = (status: TicketJson['status']) => status === 'resolved' || status === 'closed';

/**
 * After the agent resolves or closes the ticket here (Send and resolve, or the status in the panel),
 * a link to the next ticket of the inbox list they came from; nothing moves on its own.
 */
export function NextTicket({ ticket }: { ticket: TicketJson }) {
  const [openedDone] = useState(() => done(ticket.status));
  const [next] = useState(() => nextInInboxList(ticket.id));
  if (openedDone || !done(ticket.status)) return null;
  return (
    <p
      role="status"
      className="mt-3 flex items-center justify-between gap-2 rounded-md bg-emerald-50 p-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
    >
      Ticket {ticket.status === 'closed' ? 'closed' : 'resolved'}.
      {next !== null ? (
        <Link href={`/tickets/${next}`} className="font-medium underline">
          Next ticket →
        </Link>
      ) : (
        <Link href="/tickets" className="font-medium underline">
          Back to the inbox
        </Link>
      )}
    </p>
  );
}
