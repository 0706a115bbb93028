import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CustomerList } from '@/components/customers/customer-list';

export const metadata: Metadata = { title: 'Customers · Loopdesk' };

export default function CustomersPage() {
  return (
    <Suspense>
      <CustomerList />
    </Suspense>
  );
}
