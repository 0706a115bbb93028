import type { Metadata } from 'next';
import { AuthorizedApps } from '@/components/profile/authorized-apps';

export const metadata: Metadata = { title: 'Authorized apps · Loopdesk' };

export default function AuthorizedAppsPage() {
  return <AuthorizedApps />;
}
