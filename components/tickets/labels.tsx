import { Badge, type Tone } from '@/components/ui/badge';
import { label } from '@/components/ui/labels';
import type { TicketPriority, TicketStatus } from '@/lib/tickets/schema';

const statusTones: Record<TicketStatus, Tone> = {
  open: 'sky',
  pending: 'amber',
  on_hold: 'violet',
  resolved: 'emerald',
  closed: 'slate',
};

const priorityColours: Record<TicketPriority, string> = {
  low: 'text-slate-600 dark:text-slate-400',
  normal: 'text-slate-800 dark:text-slate-200',
  high: 'font-medium text-orange-800 dark:text-orange-300',
  urgent: 'font-semibold text-red-700 dark:text-red-400',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <Badge tone={statusTones[status]}>{label(status)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <span className={`text-xs ${priorityColours[priority]}`}>{label(priority)}</span>;
}

/** A ticket or message that came in by email (`channel: 'email'`). */
export function ViaEmail({ className = '' }: { className?: string }) {
  return (
    <span data-testid="via-email" className={`${className} text-xs font-normal whitespace-nowrap text-slate-600 dark:text-slate-400`}>
      <span aria-hidden="true">✉ </span>via email
    </span>
  );
}
