import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents } from '@/db/schema';
import { hashPassword, PasswordWorkBusy, verifyPassword } from '@/lib/agents/password';
import { spend } from '@/lib/api/rate-limit';
import { permissionOfRole, systemContext } from '@/lib/context';
import { recordEvents, resourceEvent } from '@/lib/events';
import { fullName } from '@/lib/names';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
  remember: z
    .enum(['true', 'false', 'on', ''])
    .optional()
    .transform((v) => v === 'true' || v === 'on'),
});

export type SignInInput = z.infer<typeof signInSchema>;

export type SignInResult =
  | { ok: true; agent: { id: number; email: string; name: string; role: 'agent' | 'admin' } }
  | { ok: false; reason: 'invalid' | 'inactive' | 'throttled'; retryAfter?: number };

/** Sign-in attempts per email address in 15 minutes, right or wrong: enough for typos, too few for guessing. */
const ATTEMPTS_PER_EMAIL = 10;
/** And per client address, so one address cannot try one password on many emails (a whole office may share one). */
const ATTEMPTS_PER_ADDRESS = 30;
const ATTEMPT_WINDOW_SECONDS = 900;

// Verified when the email is unknown, so a wrong address takes as long to refuse as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Spends one try at the password of `email` (lower-cased): null while allowed, else the seconds to wait. */
export async function spendPasswordAttempt(email: string): Promise<number | null> {
  const attempts = await spend({ key: `sign-in:${email}`, limit: ATTEMPTS_PER_EMAIL, windowSeconds: ATTEMPT_WINDOW_SECONDS }, 1, true);
  return attempts && !attempts.allowed ? attempts.retryAfter : null;
}

/** Checks an agent's email and password for the browser sign-in from a client `address`. */
export async function checkAgentCredentials(db: Db, input: SignInInput, address: string): Promise<SignInResult> {
  const fromAddress = await spend({ key: `sign-in-from:${address}`, limit: ATTEMPTS_PER_ADDRESS, windowSeconds: ATTEMPT_WINDOW_SECONDS }, 1, true);
  if (fromAddress && !fromAddress.allowed) return { ok: false, reason: 'throttled', retryAfter: fromAddress.retryAfter };
  const wait = await spendPasswordAttempt(input.email);
  if (wait !== null) return { ok: false, reason: 'throttled', retryAfter: wait };

  const [agent] = await db.select().from(agents).where(sql`lower(${agents.email}) = ${input.email}`);
  dummyHash ??= hashPassword('not a password of anyone');
  let matches: boolean;
  try {
    matches = await verifyPassword(agent?.passwordHash ?? (await dummyHash), input.password);
  } catch (error) {
    if (error instanceof PasswordWorkBusy) return { ok: false, reason: 'throttled', retryAfter: 5 };
    throw error;
  }
  if (!agent?.passwordHash || !matches) return { ok: false, reason: 'invalid' };
  if (agent.status !== 'active') return { ok: false, reason: 'inactive' };
  return {
    ok: true,
    agent: { id: agent.id, email: agent.email, name: fullName(agent.firstName, agent.lastName), role: agent.role },
  };
}

/**
 * Every sign-in attempt goes into the audit log with the client's address: a success as the agent,
 * a failure as Loopdesk (against the agent the email names, when there is one). Never the password.
 */
export async function recordSignIn(db: Db, email: string, result: SignInResult, origin: { requestId: string; ip: string | null }) {
  if (result.ok) {
    const actor = { type: 'agent' as const, agentId: result.agent.id, permission: permissionOfRole(result.agent.role) };
    await recordEvents({ db, actor, ...origin }, [resourceEvent('agent.signed_in', result.agent.id, { email })]);
    return;
  }
  const [agent] = await db.select({ id: agents.id }).from(agents).where(sql`lower(${agents.email}) = ${email.toLowerCase()}`);
  const event = resourceEvent('agent.sign_in_failed', agent?.id ?? null, { email, reason: result.reason });
  await recordEvents({ ...systemContext(db, origin.requestId), ip: origin.ip }, [event]);
}

/** Sign-out, as the agent, with the sign-out request's id and the client's address. */
export async function recordSignOut(db: Db, agentId: number, origin: { requestId: string; ip: string | null }) {
  const [agent] = await db.select({ role: agents.role }).from(agents).where(eq(agents.id, agentId));
  if (!agent) return;
  const actor = { type: 'agent' as const, agentId, permission: permissionOfRole(agent.role) };
  await recordEvents({ db, actor, ...origin }, [resourceEvent('agent.signed_out', agentId, {})]);
}
