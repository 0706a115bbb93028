import { z } from 'zod';
import { plainText } from '@/lib/schema-helpers';

export const agentRoles = ['agent', 'admin'] as const;

export const createAgentSchema = z.object({
  first_name: plainText(1, 100),
  last_name: plainText(0, 100).default(''),
  email: z.email({ message: 'Email format is invalid' }).max(254),
  role: z.enum(agentRoles).default('agent'),
  password: plainText(8, 200).optional(),
});

export type CreateAgentInput = z.infer<typeof createAgentSchema>;
