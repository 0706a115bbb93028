import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import { getToken } from 'next-auth/jwt';
import type { Db } from '@/db/client';
import { agentSessions, agents } from '@/db/schema';
import { config, servedOverHttps } from '@/lib/config';
import { fullName } from '@/lib/names';

/** What the session cookie's JWT names: a random id, kept in the database only as a hash. */
export type SessionId = string;

export function sessionHash(id: SessionId): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Starts a server-side session for a fresh sign-in; the id goes into the signed cookie. */
export async function startSession(db: Db, agentId: number, endsAt: Date): Promise<SessionId> {
  const id = randomBytes(24).toString('base64url');
  await db.insert(agentSessions).values({ idHash: sessionHash(id), agentId, expiresAt: endsAt });
  return id;
}

export type LiveSession = { agentId: number; role: 'agent' | 'admin'; name: string; email: string; timeZone: string | null; sessionHash: string };

/** The agent behind a session that has not ended or expired, and who is still active; else null. */
export async function liveSession(db: Db, id: SessionId, agentId: number): Promise<LiveSession | null> {
  const hash = sessionHash(id);
  const [row] = await db
    .select({ role: agents.role, firstName: agents.firstName, lastName: agents.lastName, email: agents.email, timeZone: agents.timeZone })
    .from(agentSessions)
    .innerJoin(agents, eq(agents.id, agentSessions.agentId))
    .where(
      and(
        eq(agentSessions.idHash, hash),
        eq(agentSessions.agentId, agentId),
        isNull(agentSessions.endedAt),
        gt(agentSessions.expiresAt, sql`now()`),
        eq(agents.status, 'active'),
      ),
    );
  if (!row) return null;
  return { agentId, role: row.role, name: fullName(row.firstName, row.lastName), email: row.email, timeZone: row.timeZone, sessionHash: hash };
}

/** Sign-out: this one session ends on the server, so a saved copy of its cookie no longer works. */
export async function endSession(db: Db, id: SessionId): Promise<void> {
  await db
    .update(agentSessions)
    .set({ endedAt: new Date() })
    .where(and(eq(agentSessions.idHash, sessionHash(id)), isNull(agentSessions.endedAt)));
}

/**
 * Ends every live session of an agent but `keepHash` (the session of the person asking, when
 * they change their own password or sign out their other devices); answers how many it ended.
 */
export async function endAgentSessions(db: Db, agentId: number, keepHash?: string): Promise<number> {
  const ended = await db
    .update(agentSessions)
    .set({ endedAt: new Date() })
    .where(
      and(
        eq(agentSessions.agentId, agentId),
        isNull(agentSessions.endedAt),
        gt(agentSessions.expiresAt, sql`now()`),
        keepHash ? ne(agentSessions.idHash, keepHash) : undefined,
      ),
    )
    .returning({ idHash: agentSessions.idHash });
  return ended.length;
}

/** The daily clean-up: sessions ended or expired over a day ago are of no more use. */
export async function deleteOldSessions(db: Db): Promise<number> {
  const dayAgo = sql`now() - interval '1 day'`;
  const deleted = await db
    .delete(agentSessions)
    .where(or(lt(agentSessions.expiresAt, dayAgo), and(isNotNull(agentSessions.endedAt), lt(agentSessions.endedAt, dayAgo))))
    .returning({ idHash: agentSessions.idHash });
  return deleted.length;
}

/** The session JWT of a request's cookie (`__Secure-` named under https), decoded; null without one. */
export function sessionToken(req: { headers: Headers }) {
  return getToken({ req, secret: config().AUTH_SECRET, secureCookie: servedOverHttps() });
}

/** The live session a decoded session JWT names, if it is within its own end time. */
export async function sessionOfToken(db: Db, token: { agentId?: unknown; endsAt?: unknown; sid?: unknown }): Promise<LiveSession | null> {
  const { agentId, endsAt, sid } = token;
  if (typeof agentId !== 'number' || typeof endsAt !== 'number' || typeof sid !== 'string') return null;
  if (endsAt < Date.now() / 1000) return null;
  return liveSession(db, sid, agentId);
}
