import type { Db } from '@/db/client';
import type { Actor, Permission } from '@/lib/context';
import { UnauthorizedError } from '@/lib/errors';
import { InvalidTokenError } from '@/lib/oauth/tokens';
import { authenticate } from './auth';
import { clientIp } from './client-ip';
import { addressLockedUntil, budgetFor, FAILED_AUTH_COST, ipBudget, lockAddress, spend, type BudgetState } from './rate-limit';

/** Who is calling and from where, what that cost them, and the 401 to answer with when their credentials failed. */
export type Admission = { actor: Actor; ip: string | null; budget: BudgetState | null; refusal?: UnauthorizedError };

const anonymous: Actor = { type: 'system' };

/**
 * Authenticates the caller (unless the route is public) and spends one request from its budget:
 * the API key's, or the client address's for public routes and for failed credentials.
 */
export async function admit(db: Db, req: Request, permission: Permission | 'public'): Promise<Admission> {
  const address = clientIp(req);
  const ip = address ?? 'unknown';
  if (permission === 'public') return { actor: anonymous, ip: address, budget: await spend(ipBudget(ip)) };
  const locked = addressLockedUntil(ip);
  if (locked) return { actor: anonymous, ip: address, budget: locked };
  try {
    const { actor, rateLimit } = await authenticate(db, req);
    return { actor, ip: address, budget: await spend(budgetFor(actor, rateLimit)) };
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    // An app's own token that has expired or been revoked is met in normal use (use it until 401,
    // then refresh): it costs one request and locks nothing out.
    if (error instanceof InvalidTokenError && error.known) return { actor: anonymous, ip: address, budget: await spend(ipBudget(ip)), refusal: error };
    // Wrong or missing credentials cost the address double; once its minute is spent, it is locked out.
    return { actor: anonymous, ip: address, budget: lockAddress(ip, await spend(ipBudget(ip), FAILED_AUTH_COST)), refusal: error };
  }
}
