import type { Metadata } from 'next';
import { EmailSettings } from '@/components/admin/email/email-settings';
import { MAILBOX_TOKEN_HEADER } from '@/lib/email/inbound/relay';

export const metadata: Metadata = { title: 'Email · Settings · Loopdesk' };

// The relay's header is handed down from here: its module reads the database, which the browser bundle cannot have.
export default function EmailSettingsPage() {
  return <EmailSettings tokenHeader={MAILBOX_TOKEN_HEADER} />;
}
