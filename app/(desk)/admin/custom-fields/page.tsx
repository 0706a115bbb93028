import type { Metadata } from 'next';
import { CustomFieldSettings } from '@/components/admin/custom-fields/custom-field-settings';

export const metadata: Metadata = { title: 'Custom fields · Settings · Loopdesk' };

export default function CustomFieldsSettingsPage() {
  return <CustomFieldSettings />;
}
