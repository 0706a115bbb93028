import { z } from 'zod';
import { priority, status, ticketJson } from '@/lib/tickets/schema';
import { atLeastOneField, nothingToUpdate, plainText, queryInt, rowId, timestamp } from '@/lib/schema-helpers';

/** The variables a macro body may use, with what each stands for; rendering replaces them as plain text. */
export const macroVariables = {
  'customer.first_name': "the ticket's customer's first name",
  'customer.name': "the ticket's customer's full name",
  'ticket.number': "the ticket's number (TK-…)",
  'ticket.subject': "the ticket's subject",
  'agent.name': 'the full name of the agent applying the macro',
  'agent.first_name': 'the first name of the agent applying the macro',
} as const;

export type MacroVariable = keyof typeof macroVariables;
export const macroVariableNames = Object.keys(macroVariables) as MacroVariable[];

/** `{{ name }}`, spaces inside the braces allowed. */
export const variablePattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function unknownVariables(body: string): string[] {
  const names = [...body.matchAll(variablePattern)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((n) => !(macroVariableNames as string[]).includes(n)))];
}

const knownVariablesText = macroVariableNames.map((n) => `{{${n}}}`).join(', ');

const name = z.string().trim().pipe(plainText(1, 100));
const body = plainText(1, 20_000)
  .refine((s) => s.trim().length > 0, { message: 'Body must not be blank' })
  .superRefine((s, ctx) => {
    const unknown = unknownVariables(s);
    if (unknown.length > 0) {
      const listed = unknown.map((n) => `{{${n}}}`).join(', ');
      ctx.addIssue({ code: 'custom', message: `Unknown variable ${listed}: the known ones are ${knownVariablesText}` });
    }
  });

const tagList = z
  .array(plainText(1, 50))
  .max(50)
  .transform((list) => [...new Set(list.map((t) => t.trim().toLowerCase()).filter(Boolean))]);

export const macroVisibilities = ['personal', 'shared'] as const;

/** What applying the macro does to the ticket; each key left out leaves that field as it is. */
export const macroActionsSchema = z.strictObject({
  status: status.optional(),
  priority: priority.optional(),
  // An agent's id, "me" (whoever applies the macro) or null (unassign).
  assignee_id: z.union([rowId, z.literal('me'), z.null()]).optional(),
  add_tags: tagList.optional(),
  remove_tags: tagList.optional(),
});

export const createMacroSchema = z.object({
  name,
  body,
  // Personal: only its owner (the creating agent) sees it. Shared: every agent; admins only may write them.
  visibility: z.enum(macroVisibilities).default('personal'),
  actions: macroActionsSchema.default({}),
});

export const updateMacroSchema = z
  .object({ name: name.optional(), body: body.optional(), visibility: z.enum(macroVisibilities).optional(), actions: macroActionsSchema.optional() })
  .refine(atLeastOneField, nothingToUpdate);

export const listMacrosQuery = z.object({
  search: z.string().trim().pipe(plainText(1, 100)).optional(),
  visibility: z.enum(macroVisibilities).optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

export type CreateMacroInput = z.infer<typeof createMacroSchema>;
export type UpdateMacroInput = z.infer<typeof updateMacroSchema>;
export type ListMacrosQuery = z.infer<typeof listMacrosQuery>;
export type MacroActionsInput = z.infer<typeof macroActionsSchema>;

export const macroJson = z.strictObject({
  id: z.int(),
  name: z.string(),
  body: z.string(),
  visibility: z.enum(macroVisibilities),
  actions: z.strictObject({
    status: status.optional(),
    priority: priority.optional(),
    assignee_id: z.union([z.int(), z.literal('me'), z.null()]).optional(),
    add_tags: z.array(z.string()).optional(),
    remove_tags: z.array(z.string()).optional(),
  }),
  // The agent whose personal macro this is; null for a shared one.
  owner_agent_id: z.int().nullable(),
  created_by_agent_id: z.int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export type MacroJson = z.infer<typeof macroJson>;

/** POST /tickets/{id}/macros/{macro_id}/apply: the rendered text, for the composer, and the ticket after the actions. */
export const appliedMacroJson = z.strictObject({ body: z.string(), ticket: ticketJson });
