'use client';

import { TicketNumberAndSubject, TicketStatusAndPriority } from '@/components/tickets/ticket-cells';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { useCustomerTickets } from '@/components/data/tickets';
import { Pager } from './pager';

const PER_PAGE = 10;

/** The customer's tickets, newest first; the page is the profile's `tickets_page` in the URL. */
export function CustomerTickets(props: { customerId: number; page: number; onPage: (page: number) => void }) {
  const tickets = useCustomerTickets(props.customerId, `?sort=created_at&order=desc&page=${props.page}&per_page=${PER_PAGE}`);
  const rows = tickets.data?.data ?? [];
  const pagination = tickets.data?.pagination;

  return (
    <section aria-labelledby="customer-tickets-title" className="min-w-0">
      <h2 id="customer-tickets-title" className="text-lg font-semibold">
        Tickets
      </h2>
      {tickets.isError ? (
        <LoadError what="The tickets" error={tickets.error} onRetry={() => void tickets.refetch()} className="mt-3" />
      ) : tickets.isPending ? (
        <Loading className="mt-3">Loading tickets…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-3 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {(pagination?.total ?? 0) > 0 ? 'There is nothing on this page.' : 'This customer has no tickets.'}
        </p>
      ) : (
        <Table labelledBy="customer-tickets-title" className="mt-3" columns={columns('Number', 'Subject', 'Status', 'Priority', 'Assignee', 'Updated')}>
          {rows.map((t) => (
            <tr
              key={t.id}
              data-testid="customer-ticket-row"
              className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800"
            >
              <TicketNumberAndSubject ticket={t} />
              <TicketStatusAndPriority ticket={t} />
              <td className="px-3 py-2 whitespace-nowrap">
                {t.assigned_agent?.name ?? <span className="text-slate-600 dark:text-slate-400">Unassigned</span>}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">
                <Time value={t.updated_at} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {pagination && pagination.total > 0 && <Pager pagination={pagination} noun={['ticket', 'tickets']} label="Ticket pages" onPage={props.onPage} />}
    </section>
  );
}
