import type { Metadata } from 'next';
import { OAuthAppList } from '@/components/admin/oauth-apps/oauth-app-list';

export const metadata: Metadata = { title: 'OAuth apps · Settings · Loopdesk' };

export default function OAuthAppsSettingsPage() {
  return <OAuthAppList />;
}
