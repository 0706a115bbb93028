import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { sessionOfToken, sessionToken } from './sessions';
import type { SignedInAgent } from './signed-in-agent';

/** The agent signed in to this browser, if their session is live on the server and they are still active. */
export async function currentAgent(): Promise<SignedInAgent | null> {
  const token = await sessionToken({ headers: await headers() });
  const session = token && (await sessionOfToken(getDb(), token));
  if (!session) return null;
  return { id: session.agentId, name: session.name, email: session.email, role: session.role, timeZone: session.timeZone };
}

/**
 * For a page that reads data on the server: the signed-in agent, or off to sign in. The desk layout
 * checks too, but a client navigation renders only the segments that change, so each such page
 * checks for itself.
 */
export async function requireAgent(): Promise<SignedInAgent> {
  const agent = await currentAgent();
  if (!agent) redirect('/login');
  return agent;
}
