import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { CurrentAgentProvider } from '@/components/current-agent';
import { DeskShell } from '@/components/desk-shell';
import { Providers } from '@/components/providers';
import { currentAgent } from '@/lib/auth/current';

/** Everything an agent works in: only for a signed-in, active agent. */
export default async function DeskLayout({ children }: { children: ReactNode }) {
  const agent = await currentAgent();
  if (!agent) redirect('/login');
  return (
    <Providers>
      <CurrentAgentProvider agent={agent}>
        <DeskShell>{children}</DeskShell>
      </CurrentAgentProvider>
    </Providers>
  );
}
