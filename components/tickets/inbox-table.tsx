'use client';

import Link from 'next/link';
import { Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { TicketSearchResultJson, TicketSummaryJson } from '@/lib/tickets/schema';
import { SearchSnippet } from './search-snippet';
import { headlineMeasure, measureName, SlaBadge } from './sla-badge';
import { TicketStatusAndPriority } from './ticket-cells';

/**
 * The inbox's rows: the keyboard cursor's row is outlined, checked rows are selected for bulk changes.
 * A ticket is overdue as of `now`, the time the rows were fetched, so rendering stays pure.
 * The columns share the width there is (the subject takes what the others leave and is cut short
 * with an ellipsis), so every column shows from 1280 px up; on a phone each row is a card.
 */
export function InboxTable(props: {
  /** A search's rows carry a snippet of where the words matched. */
  rows: (TicketSummaryJson & Partial<Pick<TicketSearchResultJson, 'snippet'>>)[];
  now: number;
  cursor: number;
  selected: Set<number>;
  onToggle: (id: number) => void;
  onCursor: (i: number) => void;
}) {
  const { now } = props;
  return (
    <Table
      labelledBy="inbox-title"
      tableClassName="sm:table-fixed"
      columns={[
        { label: <span className="sr-only">Selected</span>, className: 'w-10' },
        { label: 'Ticket' },
        { label: 'Customer', className: 'w-32' },
        { label: 'Status', className: 'w-24' },
        { label: 'Priority', className: 'w-22' },
        { label: 'Assignee', className: 'w-32' },
        { label: 'Department', className: 'w-32' },
        { label: 'Updated', className: 'w-30' },
        // The SLA shares the due date's column: a column of its own would leave the subject too little room at 1280 px.
        { label: 'Due / SLA', className: 'w-36' },
      ]}
    >
      {props.rows.map((t, i) => {
        const overdue = t.due_date !== null && Date.parse(t.due_date) < now && !['resolved', 'closed'].includes(t.status);
        const sla = t.sla && headlineMeasure(t.sla);
        return (
          <tr
            key={t.id}
            data-row-index={i}
            data-testid="ticket-row"
            aria-selected={props.selected.has(t.id)}
            onClick={() => props.onCursor(i)}
            className={`border-b border-slate-100 last:border-0 dark:border-slate-800 ${i === props.cursor ? 'bg-indigo-50 outline-2 -outline-offset-2 outline-indigo-500 dark:bg-indigo-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800'}`}
          >
            <td className="px-3 py-2 max-sm:self-start">
              <input
                type="checkbox"
                aria-label={`Select ${t.number}`}
                checked={props.selected.has(t.id)}
                onChange={() => props.onToggle(t.id)}
                className="h-4 w-4"
              />
            </td>
            <td className="px-3 py-2 max-sm:min-w-0 max-sm:flex-1">
              <Link
                href={`/tickets/${t.id}`}
                className="block truncate font-medium text-slate-900 hover:underline max-sm:whitespace-normal dark:text-slate-100"
              >
                {t.subject}
              </Link>
              {t.snippet && <SearchSnippet snippet={t.snippet} className="line-clamp-2" />}
              <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{t.number}</span>
            </td>
            <td className="truncate px-3 py-2 max-sm:basis-full">{t.customer?.name ?? <span aria-hidden="true">—</span>}</td>
            <TicketStatusAndPriority ticket={t} />
            <td className="truncate px-3 py-2">{t.assigned_agent?.name ?? <span className="text-slate-600 dark:text-slate-400">Unassigned</span>}</td>
            <td className="truncate px-3 py-2 max-sm:hidden">{t.department?.name ?? '—'}</td>
            <td className="px-3 py-2 text-slate-600 max-sm:hidden dark:text-slate-400">
              <Time value={t.updated_at} />
            </td>
            <td className={`px-3 py-2 ${t.due_date || sla ? '' : 'max-sm:hidden'}`}>
              <span
                className={`${overdue ? 'font-medium text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400'} ${t.due_date ? '' : 'max-sm:hidden'}`}
              >
                <span className="sm:sr-only">Due </span>
                {t.due_date ? <Time value={t.due_date}>{overdue && <span className="sr-only"> (overdue)</span>}</Time> : '—'}
              </span>
              {sla && (
                <span className="block max-sm:inline max-sm:pl-2">
                  <span className="text-xs text-slate-600 sm:sr-only dark:text-slate-400">SLA </span>
                  {/* Which clock the badge speaks of, for a screen reader; sighted agents find it in the tooltip. */}
                  <span className="sr-only">{measureName(t.sla!, sla)}: </span>
                  <SlaBadge measure={sla} label={measureName(t.sla!, sla)} />
                </span>
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
