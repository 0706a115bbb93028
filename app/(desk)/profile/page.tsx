import type { Metadata } from 'next';
import { ProfileSettings } from '@/components/profile/profile-settings';

export const metadata: Metadata = { title: 'Your profile · Loopdesk' };

export default function ProfilePage() {
  return <ProfileSettings />;
}
