import type { Macro } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { MacroJson } from './schema';

export function toMacroJson(macro: Macro): MacroJson {
  return {
    id: macro.id,
    name: macro.name,
    body: macro.body,
    visibility: macro.visibility,
    actions: macro.actions as MacroJson['actions'],
    owner_agent_id: macro.ownerAgentId,
    created_by_agent_id: macro.createdByAgentId,
    created_at: isoTime(macro.createdAt),
    updated_at: isoTime(macro.updatedAt),
  };
}
