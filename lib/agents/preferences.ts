import 'server-only';
import { eq } from 'drizzle-orm';
import { agents } from '@/db/schema';
import type { Actor, ServiceContext } from '@/lib/context';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { getAgentOrThrow } from './queries';
import type { AgentPreferencesJson, UpdatePreferencesInput } from './schema';

/** Preferences are the signed-in agent's own: an API key acts for nobody in particular. */
function signedInAgent(actor: Actor): number {
  if (actor.type !== 'agent') throw new ForbiddenError('Only a signed-in agent has preferences; API keys act for nobody in particular');
  return actor.agentId;
}

/** GET /me/preferences: the signed-in agent's desk settings. */
export async function getOwnPreferences(ctx: ServiceContext): Promise<AgentPreferencesJson> {
  const [agent] = await ctx.db
    .select({ timeZone: agents.timeZone })
    .from(agents)
    .where(eq(agents.id, signedInAgent(ctx.actor)));
  if (!agent) throw new NotFoundError('Agent');
  return { time_zone: agent.timeZone };
}

/** PUT /me/preferences: changes the signed-in agent's desk settings; a key left out keeps its value. */
export async function updateOwnPreferences(ctx: ServiceContext, input: UpdatePreferencesInput): Promise<AgentPreferencesJson> {
  const agentId = signedInAgent(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ timeZone: agents.timeZone }).from(agents).where(eq(agents.id, agentId)).for('update');
    if (!row) throw new NotFoundError('Agent');
    const before: AgentPreferencesJson = { time_zone: row.timeZone };
    const after: AgentPreferencesJson = { ...before, ...input };
    await tx.update(agents).set({ timeZone: after.time_zone, updatedAt: new Date() }).where(eq(agents.id, agentId));
    const change = changeOf(before, after);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('agent.updated', agentId, { agent: await getAgentOrThrow(tx, agentId), ...change })]);
    return after;
  });
}
