import type { Metadata } from 'next';
import { SlaPolicySettings } from '@/components/admin/sla/sla-policy-settings';

export const metadata: Metadata = { title: 'SLA policies · Settings · Loopdesk' };

export default function SlaPoliciesSettingsPage() {
  return <SlaPolicySettings />;
}
