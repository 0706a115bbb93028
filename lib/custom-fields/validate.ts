import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { customFieldDefinitions, type CustomFieldDefinition, type CustomFieldValues } from '@/db/schema';
import type { FieldError } from '@/lib/errors';
import { getSetting } from '@/lib/settings/service';

export type CustomFieldRules = { definitions: Map<string, CustomFieldDefinition>; strict: boolean };

/** Loads the definitions for one entity once, so a bulk request checks all its items against one read. */
export async function loadCustomFieldRules(db: Db, entity: 'ticket' | 'customer'): Promise<CustomFieldRules> {
  const [rows, strict] = await Promise.all([
    db.select().from(customFieldDefinitions).where(and(eq(customFieldDefinitions.entity, entity))),
    getSetting(db, 'strict_custom_fields'),
  ]);
  return { definitions: new Map(rows.map((d) => [d.key, d])), strict };
}

const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

function valueProblem(def: CustomFieldDefinition, value: string | number | boolean): string | undefined {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? undefined : `${def.label} must be text`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${def.label} must be a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${def.label} must be true or false`;
    case 'date':
      return typeof value === 'string' && isoDate.safeParse(value).success
        ? undefined
        : `${def.label} must be an ISO 8601 date, e.g. 2025-08-24`;
    case 'select':
      return typeof value === 'string' && def.options.includes(value)
        ? undefined
        : `${def.label} must be one of: ${def.options.join(', ')}`;
  }
}

/**
 * Merges `changes` into `current` (null removes a value) and checks the result against the
 * definitions. `fieldPrefix` is where errors point, e.g. `tickets[2].custom_fields`. An update
 * is held to a required field only when it touches that field, so a definition added later
 * does not block unrelated changes to older records.
 */
export function applyCustomFields(
  rules: CustomFieldRules,
  current: CustomFieldValues,
  changes: CustomFieldValues | undefined,
  fieldPrefix: string,
  mode: 'create' | 'update',
): { values: CustomFieldValues; errors: FieldError[] } {
  const values: CustomFieldValues = { ...current };
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(changes ?? {})) {
    const def = rules.definitions.get(key);
    if (value === null) {
      delete values[key];
      continue;
    }
    if (!def) {
      if (rules.strict) errors.push({ field: `${fieldPrefix}.${key}`, message: `Unknown custom field '${key}'` });
      else values[key] = value;
      continue;
    }
    const problem = valueProblem(def, value);
    if (problem) errors.push({ field: `${fieldPrefix}.${key}`, message: problem });
    else values[key] = value;
  }
  for (const def of rules.definitions.values()) {
    const touched = mode === 'create' || (changes !== undefined && def.key in changes);
    if (def.required && touched && (values[def.key] === undefined || values[def.key] === '')) {
      errors.push({ field: `${fieldPrefix}.${def.key}`, message: `${def.label} is required` });
    }
  }
  return { values, errors };
}
