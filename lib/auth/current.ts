import { headers } from 'next/headers';
import { getToken } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { config, publicUrl } from '@/lib/config';
import { sessionOfToken } from './sessions';

export type SignedInAgent = { id: number; name: string; email: string; role: 'agent' | 'admin' };

/** The agent signed in to this browser, if their session is live on the server and they are still active. */
export async function currentAgent(): Promise<SignedInAgent | null> {
  const secureCookie = publicUrl().startsWith('https:');
  const token = await getToken({ req: { headers: await headers() }, secret: config().AUTH_SECRET, secureCookie });
  const session = token && (await sessionOfToken(getDb(), token));
  if (!session) return null;
  return { id: session.agentId, name: session.name, email: session.email, role: session.role };
}
