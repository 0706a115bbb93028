'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { usePreferences } from '@/components/data/me';
import { TimeZoneProvider } from '@/components/ui/time';
import type { SignedInAgent as CurrentAgent } from '@/lib/auth/signed-in-agent';

const Context = createContext<CurrentAgent | null>(null);

/** The signed-in agent, and the time zone every desk screen shows and takes times in (theirs, kept current when they change it). */
export function CurrentAgentProvider({ agent, children }: { agent: CurrentAgent; children: ReactNode }) {
  const preferences = usePreferences({ time_zone: agent.timeZone });
  return (
    <Context.Provider value={agent}>
      <TimeZoneProvider zone={preferences.data.time_zone}>{children}</TimeZoneProvider>
    </Context.Provider>
  );
}

/** The signed-in agent; only inside the desk layout. */
export function useCurrentAgent(): CurrentAgent {
  const agent = useContext(Context);
  if (!agent) throw new Error('useCurrentAgent outside the desk layout');
  return agent;
}
