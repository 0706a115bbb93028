'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { SignedInAgent as CurrentAgent } from '@/lib/auth/signed-in-agent';

const Context = createContext<CurrentAgent | null>(null);

export function CurrentAgentProvider({ agent, children }: { agent: CurrentAgent; children: ReactNode }) {
  return <Context.Provider value={agent}>{children}</Context.Provider>;
}

/** The signed-in agent; only inside the desk layout. */
export function useCurrentAgent(): CurrentAgent {
  const agent = useContext(Context);
  if (!agent) throw new Error('useCurrentAgent outside the desk layout');
  return agent;
}
