'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ApiError } from '@/components/data/api';
import { useOtherCustomerTickets, useTicket, useUpdateTicket } from '@/components/data/tickets';
import type { TicketJson } from '@/lib/tickets/schema';
import { Activity } from './activity';
import { Composer } from './composer';
import { Conversation } from './conversation';
import { CollisionNotice } from './presence';
import { EmailSetupNotice } from './email-setup-notice';
import { MergeAction, MergedIntoNotice, MergeNotice } from './merge-dialog';
import { PriorityBadge, StatusBadge, ViaEmail } from './labels';
import { NextTicket } from './next-ticket';
import { PropertiesPanel } from './properties-panel';
import { ShortcutsHelp } from './shortcuts-help';
import { useTicketKeys } from './ticket-keys';

/** One ticket: the conversation, the composer, and its properties, editable in place. */
export function TicketView({ id }: { id: number }) {
  const [typing, setTyping] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  useTicketKeys(() => setHelpOpen(true));
  const ticket = useTicket(id);
  // Optimistic: the panel shows the change at once and rolls back if the API refuses it.
  const update = useUpdateTicket(id);

  if (ticket.isPending)
    return (
      <p className="p-6 text-sm text-slate-600" role="status">
        Loading ticket…
      </p>
    );
  if (ticket.isError) {
    return (
      <div
        role="alert"
        className="m-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      >
        {ticket.error instanceof ApiError && ticket.error.status === 404
          ? 'This ticket does not exist, or was deleted.'
          : `The ticket could not be loaded: ${ticket.error.message}`}{' '}
        <Link href="/tickets" className="underline">
          Back to the inbox
        </Link>
      </div>
    );
  }
  const t = ticket.data.data;

  return (
    // minmax(0, …): a long line in the conversation wraps or scrolls in its box instead of widening the page.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4 p-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <article aria-labelledby="ticket-subject" className="min-w-0">
        <Link href="/tickets" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Inbox
        </Link>
        <header className="mt-2">
          <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{t.number}</p>
          {/* Customer text is rendered as text, never as HTML. */}
          <h1 id="ticket-subject" className="text-xl font-semibold break-words">
            {t.subject}
          </h1>
          <div className="mt-1 flex flex-wrap items-baseline gap-2">
            <StatusBadge status={t.status} />
            <PriorityBadge priority={t.priority} />
            {t.channel === 'email' && <ViaEmail />}
            <MergeAction ticket={t} />
          </div>
          {t.cc.length > 0 && (
            <p data-testid="ticket-cc" className="mt-1 text-xs break-words text-slate-600 dark:text-slate-400">
              Cc (copied on every emailed reply): {t.cc.join(', ')}
            </p>
          )}
          <MergedIntoNotice ticket={t} />
          <MergeNotice ticketId={t.id} />
          {/* Keyed by ticket: what counts as "resolved here" starts again on the next one. */}
          <NextTicket key={t.id} ticket={t} />
        </header>

        <Conversation ticket={t} />

        <CollisionNotice ticketId={t.id} typing={typing} />
        <EmailSetupNotice />
        <Composer ticketId={t.id} onTyping={setTyping} />
      </article>

      <aside aria-label="Properties" className="min-w-0 space-y-4">
        <PropertiesPanel ticket={t} onChange={(change) => update.mutate(change)} />
        {update.isError && (
          <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            Not saved: {update.error.message}
          </p>
        )}
        <Activity ticketId={t.id} version={t.updated_at} />
        {t.customer && <CustomerCard customer={t.customer} ticketId={t.id} />}
      </aside>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

function CustomerCard({ customer, ticketId }: { customer: NonNullable<TicketJson['customer']>; ticketId: number }) {
  return (
    <section aria-labelledby="customer-card" className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="customer-card" className="font-semibold">
        {customer.name}
      </h2>
      <p className="text-slate-600 dark:text-slate-400">{customer.email}</p>
      {customer.organization && <p>{customer.organization}</p>}
      <OtherTickets customerId={customer.id} ticketId={ticketId} />
      <Link href={`/customers/${customer.id}`} className="mt-2 inline-block text-indigo-700 hover:underline dark:text-indigo-300">
        Profile and all tickets
      </Link>
    </section>
  );
}

/** The customer's most recently updated other tickets, for the customer card. */
function OtherTickets({ customerId, ticketId }: { customerId: number; ticketId: number }) {
  const others = useOtherCustomerTickets(customerId, ticketId);
  if (!others.data?.length) return null;
  return (
    <ul className="mt-2 space-y-1" aria-label="Other tickets of this customer">
      {others.data.map((o) => (
        <li key={o.id} className="flex items-center justify-between gap-2">
          <Link href={`/tickets/${o.id}`} className="truncate hover:underline">
            {o.subject}
          </Link>
          <StatusBadge status={o.status} />
        </li>
      ))}
    </ul>
  );
}
