'use client';

import { useRouter } from 'next/navigation';
import { CustomerForm } from './customer-form';

/** The new-customer page: once created, the customer's profile. */
export function NewCustomer() {
  const router = useRouter();
  return (
    <div className="p-6">
      <CustomerForm onSaved={(customer) => router.push(`/customers/${customer.id}`)} onCancel={() => router.push('/customers')} />
    </div>
  );
}
