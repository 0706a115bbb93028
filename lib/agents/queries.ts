import 'server-only';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agentDepartments, agents, departments, tickets, type Agent } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { listTickets } from '@/lib/tickets/list';
import type { ListTicketsQuery } from '@/lib/tickets/schema';
import type { AgentJson, ListAgentsQuery } from './schema';
import { toAgentJson } from './serialize';

/** Agents with their departments and open+pending ticket counts: three queries for any number of ids. */
async function withRelations(db: Db, rows: Agent[]): Promise<AgentJson[]> {
  const ids = rows.map((a) => a.id);
  if (ids.length === 0) return [];
  const [memberships, loads] = await Promise.all([
    db
      .select({ agentId: agentDepartments.agentId, id: departments.id, name: departments.name })
      .from(agentDepartments)
      .innerJoin(departments, eq(departments.id, agentDepartments.departmentId))
      .where(inArray(agentDepartments.agentId, ids))
      .orderBy(asc(departments.name)),
    db
      .select({ agentId: tickets.assignedAgentId, n: count() })
      .from(tickets)
      .where(and(inArray(tickets.assignedAgentId, ids), inArray(tickets.status, ['open', 'pending'])))
      .groupBy(tickets.assignedAgentId),
  ]);
  const load = new Map(loads.map((l) => [l.agentId, l.n]));
  return rows.map((agent) =>
    toAgentJson(
      agent,
      memberships.filter((m) => m.agentId === agent.id).map(({ id, name }) => ({ id, name })),
      load.get(agent.id) ?? 0,
    ),
  );
}

export async function getAgentOrThrow(db: Db, id: number): Promise<AgentJson> {
  const rows = await db.select().from(agents).where(eq(agents.id, id));
  const [agent] = await withRelations(db, rows);
  if (!agent) throw new NotFoundError('Agent');
  return agent;
}

export async function listAgents(db: Db, q: ListAgentsQuery) {
  const where: SQL[] = [];
  if (q.status) where.push(inArray(agents.status, q.status));
  if (q.role) where.push(inArray(agents.role, q.role));
  if (q.availability) where.push(inArray(agents.availability, q.availability));
  if (q.department_id) {
    where.push(
      sql`exists (select 1 from ${agentDepartments} where ${agentDepartments.agentId} = ${agents.id} and ${agentDepartments.departmentId} = ${q.department_id})`,
    );
  }
  const filter = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(agents)
      .where(filter)
      .orderBy(asc(agents.firstName), asc(agents.lastName), asc(agents.id))
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    db.select({ n: count() }).from(agents).where(filter),
  ]);
  return { items: await withRelations(db, rows), total: total?.n ?? 0 };
}

/** GET /agents/{id}/tickets: the ticket list, narrowed to the agent's assigned tickets. */
export async function listAgentTickets(db: Db, agentId: number, q: ListTicketsQuery) {
  await getAgentOrThrow(db, agentId);
  return listTickets(db, { ...q, assigned_agent_id: [agentId] });
}
