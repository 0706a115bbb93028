import { Badge, type Tone } from '@/components/ui/badge';
import { label } from '@/components/ui/labels';
import { Time } from '@/components/ui/time';
import type { CustomerJson, CustomerStatus } from '@/lib/customers/schema';
import { fullName } from '@/lib/names';

export const customerName = (customer: Pick<CustomerJson, 'first_name' | 'last_name'>) => fullName(customer.first_name, customer.last_name);

const statusTones: Record<CustomerStatus, Tone> = { active: 'emerald', inactive: 'slate', blocked: 'red' };

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  return <Badge tone={statusTones[status]}>{label(status)}</Badge>;
}

/**
 * The customer's address bounced (a delivery status report said so): nothing more is emailed to it.
 * The reason is the receiving server's.
 */
export function EmailBouncing({ since, reason }: { since: string; reason: string | null }) {
  return (
    <p data-testid="email-bouncing" className="mt-1 flex flex-wrap items-center gap-2 text-sm text-red-800 dark:text-red-300">
      <Badge tone="red">Email bouncing</Badge>
      <span className="break-words">
        {reason ?? 'Mail to this address came back undelivered'}. Since <Time value={since} format="date" />, replies are not emailed to it.
      </span>
    </p>
  );
}
