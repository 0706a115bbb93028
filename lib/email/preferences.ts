import 'server-only';
import { eq } from 'drizzle-orm';
import { agents } from '@/db/schema';
import { getAgentOrThrow } from '@/lib/agents/queries';
import type { Actor, ServiceContext } from '@/lib/context';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { notificationPreferencesOf } from './notifications';
import type { NotificationPreferencesJson } from './schema';

type UpdateNotificationsInput = Partial<Omit<NotificationPreferencesJson, 'in_app'>> & { in_app?: Partial<NotificationPreferencesJson['in_app']> };

/** Notification emails are the signed-in agent's own: an API key acts for nobody in particular. */
function signedInAgent(actor: Actor): number {
  if (actor.type !== 'agent') throw new ForbiddenError('Only a signed-in agent has notification preferences; API keys act for nobody in particular');
  return actor.agentId;
}

/** GET /me/notifications: which emails the signed-in agent gets. */
export async function getOwnNotifications(ctx: ServiceContext): Promise<NotificationPreferencesJson> {
  const [agent] = await ctx.db
    .select({ notifications: agents.notifications })
    .from(agents)
    .where(eq(agents.id, signedInAgent(ctx.actor)));
  if (!agent) throw new NotFoundError('Agent');
  return notificationPreferencesOf(agent.notifications);
}

/** PUT /me/notifications: switches the signed-in agent's notification emails on or off, one by one. */
export async function updateOwnNotifications(ctx: ServiceContext, input: UpdateNotificationsInput): Promise<NotificationPreferencesJson> {
  const agentId = signedInAgent(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ notifications: agents.notifications }).from(agents).where(eq(agents.id, agentId)).for('update');
    if (!row) throw new NotFoundError('Agent');
    const before = notificationPreferencesOf(row.notifications);
    const after = { ...before, ...input, in_app: { ...before.in_app, ...input.in_app } };
    await tx.update(agents).set({ notifications: after, updatedAt: new Date() }).where(eq(agents.id, agentId));
    const change = changeOf({ notifications: before }, { notifications: after });
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('agent.updated', agentId, { agent: await getAgentOrThrow(tx, agentId), ...change })]);
    return after;
  });
}
