import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { SettingsNav } from '@/components/admin/settings-nav';
import { currentAgent } from '@/lib/auth/current';

/** Admin → Settings: only for the admin role; the API refuses agents the same things. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const agent = await currentAgent();
  if (agent?.role !== 'admin') forbidden();
  return (
    <div className="flex min-h-[calc(100vh-49px)] flex-col md:flex-row">
      <SettingsNav />
      <div className="min-w-0 flex-1 p-4">{children}</div>
    </div>
  );
}
