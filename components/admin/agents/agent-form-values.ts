import type { AgentJson } from '@/lib/agents/schema';

/** What the agent form holds: text as typed, departments as ids. */
export type AgentFormValues = {
  first_name: string;
  last_name: string;
  email: string;
  role: AgentJson['role'];
  availability: AgentJson['availability'];
  department_ids: number[];
  skills: string;
  max_tickets: string;
};

export function initialAgentValues(agent?: AgentJson): AgentFormValues {
  return {
    first_name: agent?.first_name ?? '',
    last_name: agent?.last_name ?? '',
    email: agent?.email ?? '',
    role: agent?.role ?? 'agent',
    availability: agent?.availability ?? 'available',
    department_ids: agent?.departments.map((d) => d.id) ?? [],
    skills: agent?.skills.join(', ') ?? '',
    max_tickets: agent?.max_tickets == null ? '' : String(agent.max_tickets),
  };
}

/**
 * The request body for these values. Skills are typed comma-separated; a blank maximum means no
 * limit (null). A maximum that is not a number is sent as typed, for the schema to say what is wrong.
 */
export function agentBody(values: AgentFormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const max = values.max_tickets.trim();
  const body: Record<string, unknown> = {
    first_name: values.first_name,
    last_name: values.last_name,
    email: values.email.trim(),
    role: values.role,
    department_ids: [...values.department_ids].sort((a, b) => a - b),
    skills: values.skills
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    max_tickets: max === '' ? null : Number.isFinite(Number(max)) ? Number(max) : max,
  };
  if (mode === 'update') body.availability = values.availability;
  return body;
}

export const formFields = ['first_name', 'last_name', 'email', 'role', 'availability', 'department_ids', 'skills', 'max_tickets'] as const;
