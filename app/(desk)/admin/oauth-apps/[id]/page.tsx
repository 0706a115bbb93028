import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OAuthAppDetail } from '@/components/admin/oauth-apps/oauth-app-detail';

export const metadata: Metadata = { title: 'OAuth app · Settings · Loopdesk' };

export default async function OAuthAppSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <OAuthAppDetail id={Number(id)} />;
}
