import type { Metadata } from 'next';
import { WebhookList } from '@/components/admin/webhooks/webhook-list';
import { webhookEvents } from '@/lib/events/catalogue';

export const metadata: Metadata = { title: 'Webhooks · Settings · Loopdesk' };

// The schema's lists are handed down from here: the schema module needs node:dns and node:crypto, which the browser bundle cannot have.
export default function WebhooksSettingsPage() {
  return <WebhookList events={webhookEvents} />;
}
