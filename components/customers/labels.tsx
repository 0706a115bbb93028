import { label } from '@/components/tickets/labels';
import type { CustomerJson } from '@/lib/customers/serialize';
import type { CustomerStatus } from '@/lib/customers/schema';
import { fullName } from '@/lib/names';

export const customerName = (customer: Pick<CustomerJson, 'first_name' | 'last_name'>) => fullName(customer.first_name, customer.last_name);

const statusColours: Record<CustomerStatus, string> = {
  active: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  inactive: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  blocked: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${statusColours[status]}`}>{label(status)}</span>;
}

/** Dates as the other desk screens show them: the reader's locale and time zone. */
export const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
