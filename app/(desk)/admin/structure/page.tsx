import type { Metadata } from 'next';
import { StructureSettings } from '@/components/admin/structure/structure-settings';

export const metadata: Metadata = { title: 'Departments and categories · Settings · Loopdesk' };

export default function StructureSettingsPage() {
  return <StructureSettings />;
}
