import type { Agent } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { AgentJson } from './schema';

type DepartmentRef = { id: number; name: string };

/** The reference's agent shape; never the password hash. */
export function toAgentJson(agent: Agent, departmentList: DepartmentRef[], currentTickets: number): AgentJson {
  return {
    id: agent.id,
    first_name: agent.firstName,
    last_name: agent.lastName,
    email: agent.email,
    role: agent.role,
    status: agent.status,
    departments: departmentList,
    skills: agent.skills,
    availability: agent.availability,
    current_tickets: currentTickets,
    max_tickets: agent.maxTickets,
    created_at: isoTime(agent.createdAt),
    updated_at: isoTime(agent.updatedAt),
  };
}
