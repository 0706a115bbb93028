import type { Metadata } from 'next';
import { MacroSettings } from '@/components/admin/macros/macro-settings';

export const metadata: Metadata = { title: 'Macros · Settings · Loopdesk' };

export default function MacrosSettingsPage() {
  return <MacroSettings visibility="shared" />;
}
