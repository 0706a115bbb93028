import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { WebhookDetail } from '@/components/admin/webhooks/webhook-detail';
import { webhookEvents } from '@/lib/events/catalogue';
import { deliveryStatuses } from '@/lib/webhooks/schema';

export const metadata: Metadata = { title: 'Webhook · Settings · Loopdesk' };

export default async function WebhookSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <WebhookDetail id={Number(id)} events={webhookEvents} statuses={deliveryStatuses} />;
}
