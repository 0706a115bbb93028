import type { CustomFieldDefinition } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { CustomFieldJson } from './schema';

/** A custom field definition as the API shows it; `options` is null for every type but select. */
export function toCustomFieldJson(def: CustomFieldDefinition): CustomFieldJson {
  return {
    id: def.id,
    entity: def.entity,
    key: def.key,
    label: def.label,
    type: def.type,
    options: def.type === 'select' ? def.options : null,
    required: def.required,
    position: def.position,
    created_at: isoTime(def.createdAt),
    updated_at: isoTime(def.updatedAt),
  };
}
