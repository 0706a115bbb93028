'use client';

import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { TicketSummaryJson } from '@/lib/tickets/schema';
import { TicketNumberAndSubject, TicketStatusAndPriority } from './ticket-cells';

/**
 * The inbox's rows: the keyboard cursor's row is outlined, checked rows are selected for bulk changes.
 * A ticket is overdue as of `now`, the time the rows were fetched, so rendering stays pure.
 */
export function InboxTable(props: {
  rows: TicketSummaryJson[];
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
      columns={[
        { label: <span className="sr-only">Selected</span>, className: 'w-8' },
        ...columns('Number', 'Subject', 'Customer', 'Status', 'Priority', 'Assignee', 'Department', 'Updated', 'Due'),
      ]}
    >
      {props.rows.map((t, i) => {
        const overdue = t.due_date !== null && Date.parse(t.due_date) < now && !['resolved', 'closed'].includes(t.status);
        return (
          <tr
            key={t.id}
            data-row-index={i}
            data-testid="ticket-row"
            aria-selected={props.selected.has(t.id)}
            onClick={() => props.onCursor(i)}
            className={`border-b border-slate-100 last:border-0 dark:border-slate-800 ${i === props.cursor ? 'bg-indigo-50 outline-2 -outline-offset-2 outline-indigo-500 dark:bg-indigo-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800'}`}
          >
            <td className="px-3 py-2">
              <input
                type="checkbox"
                aria-label={`Select ${t.number}`}
                checked={props.selected.has(t.id)}
                onChange={() => props.onToggle(t.id)}
                className="h-4 w-4"
              />
            </td>
            <TicketNumberAndSubject ticket={t} />
            <td className="px-3 py-2 whitespace-nowrap">{t.customer?.name ?? '—'}</td>
            <TicketStatusAndPriority ticket={t} />
            <td className="px-3 py-2 whitespace-nowrap">{t.assigned_agent?.name ?? <span className="text-slate-600 dark:text-slate-400">Unassigned</span>}</td>
            <td className="px-3 py-2 whitespace-nowrap">{t.department?.name ?? '—'}</td>
            <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">
              <Time value={t.updated_at} />
            </td>
            <td className={`px-3 py-2 whitespace-nowrap ${overdue ? 'font-medium text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400'}`}>
              {t.due_date ? <Time value={t.due_date}>{overdue && <span className="sr-only"> (overdue)</span>}</Time> : '—'}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
