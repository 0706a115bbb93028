import { and, asc, eq } from 'drizzle-orm';
import { savedViews, type SavedView } from '@/db/schema';
import { actingAgentId, type ServiceContext } from '@/lib/context';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { isoTime } from '@/lib/time';
import type { SavedViewInput } from './schema';

type Ctx = Pick<ServiceContext, 'db' | 'actor'>;

const MAX_VIEWS_PER_AGENT = 100;

function ownerOf(ctx: Ctx): number {
  const agentId = actingAgentId(ctx.actor);
  if (!agentId) throw new ForbiddenError('Saved views belong to an agent: sign in, or use a key created by an agent');
  return agentId;
}

export function toSavedViewJson(view: SavedView) {
  return { id: view.id, name: view.name, query: view.query, created_at: isoTime(view.createdAt), updated_at: isoTime(view.updatedAt) };
}

/** GET /views: the calling agent's own views, by name. */
export async function listSavedViews(ctx: Ctx) {
  const rows = await ctx.db.select().from(savedViews).where(eq(savedViews.agentId, ownerOf(ctx))).orderBy(asc(savedViews.name));
  return rows.map(toSavedViewJson);
}

/** POST /views */
export async function createSavedView(ctx: Ctx, input: SavedViewInput) {
  const agentId = ownerOf(ctx);
  const count = await ctx.db.$count(savedViews, eq(savedViews.agentId, agentId));
  if (count >= MAX_VIEWS_PER_AGENT) throw new ForbiddenError(`An agent can keep at most ${MAX_VIEWS_PER_AGENT} views`);
  const [view] = await ctx.db.insert(savedViews).values({ agentId, name: input.name.trim(), query: input.query }).returning();
  return toSavedViewJson(view!);
}

/** DELETE /views/{id}: only one's own; another agent's view is not found. */
export async function deleteSavedView(ctx: Ctx, id: number) {
  const deleted = await ctx.db
    .delete(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.agentId, ownerOf(ctx))))
    .returning({ id: savedViews.id });
  if (deleted.length === 0) throw new NotFoundError('View');
}
