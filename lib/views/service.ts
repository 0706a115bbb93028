import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { savedViews } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { recordEvents, resourceEvent } from '@/lib/events';
import type { SavedViewInput } from './schema';
import { toSavedViewJson } from './serialize';

const MAX_VIEWS_PER_AGENT = 100;

function ownerOf(ctx: ServiceContext): number {
  const agentId = actingAgentId(ctx.actor);
  if (!agentId) throw new ForbiddenError('Saved views belong to an agent: sign in, or use a key created by an agent');
  return agentId;
}

/** GET /views: the calling agent's own views, by name. */
export async function listSavedViews(ctx: ServiceContext) {
  const rows = await ctx.db
    .select()
    .from(savedViews)
    .where(eq(savedViews.agentId, ownerOf(ctx)))
    .orderBy(asc(savedViews.name));
  return rows.map(toSavedViewJson);
}

/** POST /views */
export async function createSavedView(ctx: ServiceContext, input: SavedViewInput) {
  const agentId = ownerOf(ctx);
  const count = await ctx.db.$count(savedViews, eq(savedViews.agentId, agentId));
  if (count >= MAX_VIEWS_PER_AGENT) throw new ForbiddenError(`An agent can keep at most ${MAX_VIEWS_PER_AGENT} views`);
  return ctx.db.transaction(async (tx) => {
    const [view] = await tx.insert(savedViews).values({ agentId, name: input.name.trim(), query: input.query }).returning();
    const json = toSavedViewJson(view!);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('saved_view.created', json.id, { saved_view: json })]);
    return json;
  });
}

/** DELETE /views/{id}: only one's own; another agent's view is not found. */
export async function deleteSavedView(ctx: ServiceContext, id: number) {
  const agentId = ownerOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(savedViews)
      .where(and(eq(savedViews.id, id), eq(savedViews.agentId, agentId)))
      .returning();
    if (!deleted) throw new NotFoundError('View');
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('saved_view.deleted', id, { saved_view: toSavedViewJson(deleted) })]);
  });
}
