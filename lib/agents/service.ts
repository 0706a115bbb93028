import { agents, type Agent } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError } from '@/lib/errors';
import { recordEvents } from '@/lib/events';
import { isoTime } from '@/lib/time';
import { hashPassword } from './password';
import type { CreateAgentInput } from './schema';

export function toAgentJson(agent: Agent) {
  return {
    id: agent.id,
    first_name: agent.firstName,
    last_name: agent.lastName,
    email: agent.email,
    role: agent.role,
    status: agent.status,
    availability: agent.availability,
    skills: agent.skills,
    max_tickets: agent.maxTickets,
    created_at: isoTime(agent.createdAt),
    updated_at: isoTime(agent.updatedAt),
  };
}

/** Creates an agent or admin; emails are unique whatever their case. */
export async function createAgent(ctx: Pick<ServiceContext, 'db' | 'actor'>, input: CreateAgentInput) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db.transaction(async (tx) => {
    const [agent] = await tx
      .insert(agents)
      .values({
        firstName: input.first_name,
        lastName: input.last_name,
        email: input.email,
        role: input.role,
        passwordHash,
      })
      // The only unique key an insert can hit is lower(email).
      .onConflictDoNothing()
      .returning();
    if (!agent) throw new ConflictError(`An agent with email ${input.email} already exists`);
    const json = toAgentJson(agent);
    await recordEvents({ ...ctx, db: tx }, [
      { type: 'agent.created', resourceType: 'agent', resourceId: agent.id, payload: { agent: json } },
    ]);
    return json;
  });
}
