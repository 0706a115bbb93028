import type { Metadata } from 'next';
import { ApiKeySettings } from '@/components/admin/api-keys/api-key-settings';
import { keyPermissions } from '@/lib/api-keys/schema';

export const metadata: Metadata = { title: 'API keys · Settings · Loopdesk' };

// The schema's lists are handed down from here: the schema module needs node:net, which the browser bundle cannot have.
export default function ApiKeysSettingsPage() {
  return <ApiKeySettings permissions={keyPermissions} />;
}
