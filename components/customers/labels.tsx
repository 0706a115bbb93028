import { Badge, type Tone } from '@/components/ui/badge';
import { label } from '@/components/ui/labels';
import type { CustomerJson, CustomerStatus } from '@/lib/customers/schema';
import { fullName } from '@/lib/names';

export const customerName = (customer: Pick<CustomerJson, 'first_name' | 'last_name'>) => fullName(customer.first_name, customer.last_name);

const statusTones: Record<CustomerStatus, Tone> = { active: 'emerald', inactive: 'slate', blocked: 'red' };

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  return <Badge tone={statusTones[status]}>{label(status)}</Badge>;
}
