import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Inbox } from '@/components/tickets/inbox';

export const metadata: Metadata = { title: 'Inbox · Loopdesk' };

export default function InboxPage() {
  return (
    <Suspense>
      <Inbox />
    </Suspense>
  );
}
