import 'server-only';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agentDepartments, agents, departments } from '@/db/schema';
import { endAgentSessions } from '@/lib/auth/sessions';
import type { Actor, ServiceContext } from '@/lib/context';
import { spendPasswordAttempt } from '@/lib/auth/credentials';
import { ConflictError, ForbiddenError, NotFoundError, TooManyAttemptsError, ValidationError, isUniqueViolation } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { hashPassword, verifyPassword } from './password';
import { refuseCommonPassword } from './password-policy';
import { getAgentOrThrow } from './queries';
import type { ChangePasswordInput, CreateAgentInput, UpdateAgentInput } from './schema';

const emailTaken = (email: string) => `An agent with email ${email} already exists`;

async function checkEmailFree(db: Db, email: string, exceptId?: number) {
  const [taken] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(sql`lower(${agents.email})`, email.toLowerCase()), exceptId ? ne(agents.id, exceptId) : undefined));
  if (taken) throw new ConflictError(emailTaken(email), undefined, [{ field: 'email', message: emailTaken(email) }]);
}

async function setDepartments(db: Db, agentId: number, departmentIds: number[]) {
  const wanted = [...new Set(departmentIds)];
  if (wanted.length > 0) {
    const found = new Set((await db.select({ id: departments.id }).from(departments).where(inArray(departments.id, wanted))).map((d) => d.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new ValidationError([{ field: 'department_ids', message: `Department ${missing.join(', ')} does not exist` }]);
    }
  }
  await db.delete(agentDepartments).where(eq(agentDepartments.agentId, agentId));
  if (wanted.length > 0) await db.insert(agentDepartments).values(wanted.map((departmentId) => ({ agentId, departmentId })));
}

/** Two requests that passed checkEmailFree at once: the unique index decides, and the loser gets a 409. */
function emailRace(email: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error, 'agents_email_lower_idx')) {
      throw new ConflictError(emailTaken(email), { cause: error }, [{ field: 'email', message: emailTaken(email) }]);
    }
    throw error;
  };
}

/** API fields to columns; a field left out stays undefined, so a partial update does not touch it. */
function agentColumns(input: UpdateAgentInput) {
  return {
    firstName: input.first_name,
    lastName: input.last_name,
    email: input.email,
    role: input.role,
    status: input.status,
    availability: input.availability,
    skills: input.skills,
    maxTickets: input.max_tickets,
  };
}

/** A password set by an OAuth app would outlive the app's revocation: only people and keys set them. */
function refusePasswordFromApp(ctx: ServiceContext, password: string | undefined) {
  if (password !== undefined && ctx.actor.type === 'agent' && ctx.actor.app) {
    throw new ForbiddenError('An OAuth app cannot set passwords: a credential must not outlive the app’s access');
  }
}

/** Creates an agent or admin; emails are unique whatever their case. */
export async function createAgent(ctx: ServiceContext, input: CreateAgentInput) {
  refusePasswordFromApp(ctx, input.password);
  if (input.password) refuseCommonPassword(input.password);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db
    .transaction(async (tx) => {
      await checkEmailFree(tx, input.email);
      const [agent] = await tx
        .insert(agents)
        .values({ ...agentColumns(input), email: input.email, firstName: input.first_name, maxTickets: input.max_tickets ?? null, passwordHash })
        .returning({ id: agents.id });
      await setDepartments(tx, agent!.id, input.department_ids);
      const json = await getAgentOrThrow(tx, agent!.id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('agent.created', json.id, { agent: json })]);
      return json;
    })
    .catch(emailRace(input.email));
}

/**
 * Refuses to demote or deactivate the last active admin: nobody could then manage keys, agents or
 * settings. The other admins are locked too, so two admins stepping each other down at once
 * cannot both succeed.
 */
async function keepAnAdmin(tx: Db, leavingId: number) {
  const others = await tx
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.role, 'admin'), eq(agents.status, 'active'), ne(agents.id, leavingId)))
    .for('update');
  if (others.length === 0) throw new ConflictError('Loopdesk needs at least one active admin: make another agent an admin first');
}

/**
 * Partial update. Deactivating (`status: inactive`) keeps the agent's tickets and history;
 * ticket assignment refuses inactive agents from then on.
 */
export async function updateAgent(ctx: ServiceContext, id: number, input: UpdateAgentInput) {
  refusePasswordFromApp(ctx, input.password);
  if (input.password) refuseCommonPassword(input.password);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db
    .transaction(async (tx) => {
      const [current] = await tx.select({ id: agents.id, role: agents.role, status: agents.status }).from(agents).where(eq(agents.id, id)).for('update');
      if (!current) throw new NotFoundError('Agent');
      if (input.email) await checkEmailFree(tx, input.email, id);
      const stepsDown = current.role === 'admin' && current.status === 'active' && (input.role === 'agent' || input.status === 'inactive');
      if (stepsDown) await keepAnAdmin(tx, id);
      const before = await getAgentOrThrow(tx, id);
      await tx
        .update(agents)
        .set({ ...agentColumns(input), passwordHash, updatedAt: new Date() })
        .where(eq(agents.id, id));
      // A new password or role must not leave old sessions acting with the old ones; a deactivated
      // agent's sessions end for good, so that reactivating them does not bring old cookies back.
      const endsSessions = passwordHash || (input.role && input.role !== current.role) || (input.status === 'inactive' && current.status === 'active');
      if (endsSessions) await endAgentSessions(tx, id, ownSession(ctx.actor, id));
      if (input.department_ids) await setDepartments(tx, id, input.department_ids);
      const json = await getAgentOrThrow(tx, id);
      // A new password is recorded as changed, never by its value or hash.
      const change = changeOf(before, json);
      if (passwordHash) change.changes.push('password');
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('agent.updated', id, { agent: json, ...change })]);
      return json;
    })
    .catch(emailRace(input.email ?? ''));
}

/** The browser session the actor is using, when it belongs to `agentId`: the one session a change of theirs spares. */
function ownSession(actor: Actor, agentId: number): string | undefined {
  return actor.type === 'agent' && actor.agentId === agentId ? actor.sessionHash : undefined;
}

function signedInAgent(actor: Actor): number {
  if (actor.type !== 'agent') throw new ForbiddenError('Only a signed-in agent can do this; API keys act for nobody in particular');
  return actor.agentId;
}

/**
 * "Sign out everywhere": ends the agent's sessions on every other browser at their next request.
 * Agents may do it for themselves, admins for anyone.
 */
export async function signOutEverywhere(ctx: ServiceContext, agentId = signedInAgent(ctx.actor)): Promise<{ ended_sessions: number }> {
  const self = ctx.actor.type !== 'system' && ctx.actor.agentId === agentId;
  if (!self && ctx.actor.type !== 'system' && ctx.actor.permission !== 'admin') {
    throw new ForbiddenError("Only admins can end another agent's sessions");
  }
  return ctx.db.transaction(async (tx) => {
    await getAgentOrThrow(tx, agentId);
    const ended = await endAgentSessions(tx, agentId, ownSession(ctx.actor, agentId));
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('agent.sessions_ended', agentId, { ended_sessions: ended })]);
    return { ended_sessions: ended };
  });
}

/** The signed-in agent changes their own password, proving they know the current one; their other sessions end. */
export async function changeOwnPassword(ctx: ServiceContext, input: ChangePasswordInput): Promise<void> {
  const agentId = signedInAgent(ctx.actor);
  const [agent] = await ctx.db.select({ email: agents.email, passwordHash: agents.passwordHash }).from(agents).where(eq(agents.id, agentId));
  if (!agent) throw new NotFoundError('Agent');
  // The same budget as sign-in: holding a session must not allow guessing its password.
  const wait = await spendPasswordAttempt(agent.email.toLowerCase());
  if (wait !== null) throw new TooManyAttemptsError(`Too many password attempts: try again in ${wait} seconds`, wait);
  if (!agent.passwordHash || !(await verifyPassword(agent.passwordHash, input.current_password))) {
    throw new ValidationError([{ field: 'current_password', message: 'Current password is wrong' }]);
  }
  await updateAgent(ctx, agentId, { password: input.password });
}
