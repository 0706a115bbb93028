'use client';

import { useState, type FormEvent } from 'react';
import { label as words } from '@/components/ui/labels';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';
import {
  createCustomFieldSchema,
  customFieldEntities,
  customFieldTypes,
  updateCustomFieldSchema,
  type CustomFieldEntity,
  type CustomFieldJson,
  type CustomFieldType,
} from '@/lib/custom-fields/schema';
import { useCreateCustomField, useUpdateCustomField, type CustomFieldChange, type NewCustomField } from '@/components/data/custom-fields';

type Values = { entity: CustomFieldEntity; key: string; label: string; type: CustomFieldType; options: string; required: boolean };
const fields = ['entity', 'key', 'label', 'type', 'options', 'required'] as const;
export const entityNames: Record<CustomFieldEntity, string> = { ticket: 'Tickets', customer: 'Customers' };

/** One option a line; blank lines are skipped. */
const optionLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A new definition (no `definition`) or the edit of one. Entity, key and type are fixed once
 * defined, since stored values are filed and typed by them; label, options and required can change.
 */
export function CustomFieldForm(props: { definition?: CustomFieldJson; entity: CustomFieldEntity; onDone: () => void }) {
  const { definition } = props;
  const [values, setValues] = useState<Values>(() => ({
    entity: definition?.entity ?? props.entity,
    key: definition?.key ?? '',
    label: definition?.label ?? '',
    type: definition?.type ?? 'text',
    options: definition?.options?.join('\n') ?? '',
    required: definition?.required ?? false,
  }));
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({ fields });
  const titleId = definition ? `edit-field-${definition.id}-title` : 'new-field-title';

  const create = useCreateCustomField({ onSuccess: props.onDone, onError: showRefusal });
  const update = useUpdateCustomField({ onSuccess: props.onDone, onError: showRefusal });
  const save = definition ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const options = values.type === 'select' ? optionLines(values.options) : undefined;
    if (definition) {
      const change: CustomFieldChange = {};
      if (values.label !== definition.label) change.label = values.label;
      if (values.required !== definition.required) change.required = values.required;
      if (options && JSON.stringify(options) !== JSON.stringify(definition.options)) change.options = options;
      if (Object.keys(change).length === 0) return props.onDone();
      if (checked(updateCustomFieldSchema.safeParse(change, { error: apiErrorMap }))) update.mutate({ id: definition.id, change });
      return;
    }
    const field: NewCustomField = { entity: values.entity, key: values.key.trim(), label: values.label, type: values.type, required: values.required, options };
    if (checked(createCustomFieldSchema.safeParse(field, { error: apiErrorMap }))) create.mutate(field);
  }

  /** Shows what the API's own schema says is wrong, or clears the form's problems when nothing is. */
  function checked(check: { success: true } | { success: false; error: Parameters<typeof zodDetails>[0] }): boolean {
    show(check.success ? [] : zodDetails(check.error), null);
    return check.success;
  }

  function change<K extends keyof Values>(name: K, value: Values[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name);
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {definition ? `Edit the field “${definition.label}”` : 'New custom field'}
      </h2>
      {definition ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {entityNames[definition.entity]} · key <code className="font-mono">{definition.key}</code> · {words(definition.type)}. These stay as defined, since
          stored values are filed and typed by them.
        </p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="entity" label="For" error={errorOf('entity')}>
            {(control) => (
              <select {...control} value={values.entity} onChange={(e) => change('entity', e.target.value as CustomFieldEntity)}>
                {customFieldEntities.map((entity) => (
                  <option key={entity} value={entity}>
                    {entityNames[entity]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="type" label="Type" error={errorOf('type')}>
            {(control) => (
              <select {...control} value={values.type} onChange={(e) => change('type', e.target.value as CustomFieldType)}>
                {customFieldTypes.map((type) => (
                  <option key={type} value={type}>
                    {words(type)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="key" label="Key" required error={errorOf('key')} hint="How the API names it: letters, digits, _ . or -, e.g. order_number">
            {(control) => <input {...control} autoComplete="off" autoFocus value={values.key} onChange={(e) => change('key', e.target.value)} />}
          </Field>
        </div>
      )}
      <Field name="label" label="Label" required error={errorOf('label')} hint="What agents see beside the field">
        {(control) => <input {...control} autoComplete="off" autoFocus={!!definition} value={values.label} onChange={(e) => change('label', e.target.value)} />}
      </Field>
      {values.type === 'select' && (
        <Field name="options" label="Options" required error={errorOf('options')} hint="One option a line, in the order they are offered">
          {(control) => <textarea {...control} rows={4} value={values.options} onChange={(e) => change('options', e.target.value)} />}
        </Field>
      )}
      <div className="flex items-center gap-2">
        <input
          id={fieldId('required')}
          type="checkbox"
          checked={values.required}
          onChange={(e) => change('required', e.target.checked)}
          aria-describedby={`${fieldId('required')}-hint`}
          className="h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        />
        <label htmlFor={fieldId('required')} className="text-sm">
          Required
        </label>
        <span id={`${fieldId('required')}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          New {values.entity === 'ticket' ? 'tickets' : 'customers'} must have a value, also through the API.
        </span>
      </div>

      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={save.isPending} {...createOrSave(Boolean(definition), 'Create field')} onCancel={props.onDone} />
    </form>
  );
}
