import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { agents } from '@/db/schema';
import { auth } from './index';

export type SignedInAgent = { id: number; name: string; email: string; role: 'agent' | 'admin' };

/** The agent signed in to this browser, if their session is valid and they are still active. */
export async function currentAgent(): Promise<SignedInAgent | null> {
  const session = await auth();
  if (!session?.agentId) return null;
  const [agent] = await getDb().select().from(agents).where(eq(agents.id, session.agentId));
  if (agent?.status !== 'active') return null;
  return { id: agent.id, name: `${agent.firstName} ${agent.lastName}`.trim(), email: agent.email, role: agent.role };
}
