import type { Metadata } from 'next';
import { MacroSettings } from '@/components/admin/macros/macro-settings';

export const metadata: Metadata = { title: 'My macros · Loopdesk' };

export default function MyMacrosPage() {
  return <MacroSettings visibility="personal" />;
}
