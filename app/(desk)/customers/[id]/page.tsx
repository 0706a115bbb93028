import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { CustomerProfile } from '@/components/customers/customer-profile';

export const metadata: Metadata = { title: 'Customer · Loopdesk' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return (
    <Suspense>
      <CustomerProfile id={Number(id)} />
    </Suspense>
  );
}
