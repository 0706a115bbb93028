import { customFieldInputText, customFieldValue } from '@/components/custom-fields';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import type { CustomerJson } from '@/lib/customers/schema';

/**
 * The form's values, keyed by the API's field paths (`email`, `address.city`, `custom_fields.cost_center`):
 * the names zod's issues and the API's `details` use, so an error finds its field by name.
 */
export type FormValues = Record<string, string | boolean>;

export const addressParts = ['street', 'city', 'state', 'zip', 'country'] as const;
export const customFieldName = (key: string) => `custom_fields.${key}`;

/**
 * The values a new customer starts from, or those of the customer being edited, in the order the
 * form shows their fields: the first field with an error gets the focus.
 */
export function initialValues(customer: CustomerJson | undefined, definitions: CustomFieldJson[]): FormValues {
  return {
    first_name: customer?.first_name ?? '',
    last_name: customer?.last_name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    organization: customer?.organization ?? '',
    department: customer?.department ?? '',
    title: customer?.title ?? '',
    status: customer?.status ?? 'active',
    ...Object.fromEntries(addressParts.map((part) => [`address.${part}`, customer?.address[part] ?? ''])),
    'preferences.language': customer?.preferences.language ?? '',
    'preferences.timezone': customer?.preferences.timezone ?? '',
    'preferences.email_notifications': customer?.preferences.email_notifications ?? true,
    ...Object.fromEntries(definitions.map((def) => [customFieldName(def.key), customFieldInputText(def, customer?.custom_fields[def.key])])),
  };
}

/** An error's field is the form field of the same name: the values are keyed by the API's field paths. */
export const customerFieldOf = (field: string) => field;

/** What an edit changed: only those fields are sent, so a required field added later does not block other edits. */
export const changedNames = (initial: FormValues, values: FormValues) => Object.keys(values).filter((name) => values[name] !== initial[name]);

/**
 * The request body for the named fields. Text is sent as typed: the schema trims it and stores a
 * blank optional field as null (in an update, a blank address or preference part removes it).
 * A new customer's blank custom fields are left out rather than sent as null.
 */
export function customerBody(values: FormValues, names: string[], definitions: CustomFieldJson[], mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const groups: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      body[name] = values[name];
      continue;
    }
    // Split at the first dot only: custom field keys may contain dots themselves.
    const [group, key] = [name.slice(0, dot), name.slice(dot + 1)];
    let value: unknown = values[name];
    if (group === 'custom_fields') {
      value = customFieldValue(
        definitions.find((d) => d.key === key),
        String(value),
      );
      if (value === null && mode === 'create') continue;
    }
    // Without a prototype, a key such as `__proto__` is an ordinary key, sent like any other.
    groups[group] ??= Object.create(null) as Record<string, unknown>;
    groups[group][key] = value;
  }
  return { ...body, ...groups };
}
