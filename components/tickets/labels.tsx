import type { TicketPriority, TicketStatus } from '@/lib/tickets/schema';

/** `on_hold` → `On hold`. */
export const label = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replace(/_/g, ' ');

const statusColours: Record<TicketStatus, string> = {
  open: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  pending: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  on_hold: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200',
  resolved: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  closed: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
};

const priorityColours: Record<TicketPriority, string> = {
  low: 'text-slate-600 dark:text-slate-400',
  normal: 'text-slate-800 dark:text-slate-200',
  high: 'font-medium text-orange-800 dark:text-orange-300',
  urgent: 'font-semibold text-red-700 dark:text-red-400',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${statusColours[status]}`}>{label(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <span className={`text-xs ${priorityColours[priority]}`}>{label(priority)}</span>;
}
