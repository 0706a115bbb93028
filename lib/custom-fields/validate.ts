import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { customFieldDefinitions, type CustomFieldDefinition, type CustomFieldValues } from '@/db/schema';
import type { FieldError } from '@/lib/errors';
import { getSetting } from '@/lib/settings/service';
import { MAX_CUSTOM_FIELDS, tooManyCustomFields } from './schema';

export type CustomFieldRules = { definitions: Map<string, CustomFieldDefinition>; strict: boolean };

/** Loads the definitions for one entity once, so a bulk request checks all its items against one read. */
export async function loadCustomFieldRules(db: Db, entity: 'ticket' | 'customer'): Promise<CustomFieldRules> {
  const [rows, strict] = await Promise.all([
    db
      .select()
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.entity, entity))),
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
      return typeof value === 'string' && isoDate.safeParse(value).success ? undefined : `${def.label} must be an ISO 8601 date, e.g. 2025-08-24`;
    case 'select':
      return typeof value === 'string' && def.options.includes(value) ? undefined : `${def.label} must be one of: ${def.options.join(', ')}`;
  }
}

/**
 * Merges `changes` into `current` (null removes a value) and checks the result against the
 * definitions. `fieldPrefix` is where errors point, e.g. `tickets[2].custom_fields`. An update
 * is held to a required field only when it touches that field, so a definition added later
 * does not block unrelated changes to older records. The values are merged in a Map, where a
 * key is only ever data, and become an object with Object.fromEntries, which defines each key as
 * the object's own property (assigning `__proto__` would set its prototype instead).
 */
export function applyCustomFields(
  rules: CustomFieldRules,
  current: CustomFieldValues,
  changes: CustomFieldValues | undefined,
  fieldPrefix: string,
  mode: 'create' | 'update',
): { values: CustomFieldValues; errors: FieldError[] } {
  const values = new Map(Object.entries(current));
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(changes ?? {})) {
    const def = rules.definitions.get(key);
    if (value === null) {
      values.delete(key);
      continue;
    }
    if (!def) {
      if (rules.strict) errors.push({ field: `${fieldPrefix}.${key}`, message: `Unknown custom field '${key}'` });
      else values.set(key, value);
      continue;
    }
    const problem = valueProblem(def, value);
    if (problem) errors.push({ field: `${fieldPrefix}.${key}`, message: problem });
    else values.set(key, value);
  }
  for (const def of rules.definitions.values()) {
    const touched = mode === 'create' || (changes !== undefined && Object.hasOwn(changes, def.key));
    const value = values.get(def.key);
    if (def.required && touched && (value === undefined || value === '')) {
      errors.push({ field: `${fieldPrefix}.${def.key}`, message: `${def.label} is required` });
    }
  }
  // The request's own keys are counted by its schema; this counts them with those already stored.
  // A record stored with more before the limit existed may still change, as long as it does not grow.
  const stored = Object.keys(current).length;
  if (values.size > MAX_CUSTOM_FIELDS && values.size > stored) {
    errors.push({ field: fieldPrefix, message: `${tooManyCustomFields}; with those stored this would make ${values.size}` });
  }
  return { values: Object.fromEntries(values), errors };
}
