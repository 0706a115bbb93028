'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { useBrowserValue } from '@/components/ui/browser-value';
import { label } from '@/components/ui/labels';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { useFieldErrors } from '@/components/ui/field-errors';
import { LoadError, Loading } from '@/components/ui/load-error';
import { createCustomerSchema, customerStatuses, updateCustomerSchema, type CustomerJson } from '@/lib/customers/schema';
import { useCreateCustomer, useUpdateCustomer } from '@/components/data/customers';
import { checkBody } from '@/components/data/forms';
import { CustomFieldControl } from '@/components/custom-fields';
import { useCustomFieldDefinitions } from '@/components/data/custom-fields';
import { addressParts, changedNames, customerBody, customerFieldOf, customFieldName, initialValues, type FormValues } from './customer-form-values';
import { Field, fieldId } from '@/components/ui/field';

const addressLabels: Record<(typeof addressParts)[number], string> = {
  street: 'Street',
  city: 'City',
  state: 'State or region',
  zip: 'ZIP or postal code',
  country: 'Country',
};

/**
 * A new customer (no `customer`) or the edit of one. Checked in the browser by the API's own zod
 * schema, with the API's messages, before anything is sent; what only the server can know (a taken
 * email, the custom field rules) comes back from the API and is shown on its field the same way.
 */
export function CustomerForm({ customer, onSaved, onCancel }: { customer?: CustomerJson; onSaved: (customer: CustomerJson) => void; onCancel: () => void }) {
  const definitions = useCustomFieldDefinitions('customer');
  const defs = definitions.data ?? [];
  // Edits over the starting values, so custom fields whose definitions arrive later start from theirs.
  const initial = initialValues(customer, defs);
  const [edits, setEdits] = useState<FormValues>({});
  const values: FormValues = { ...initial, ...edits };
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({ fields: Object.keys(initial), fieldOf: customerFieldOf });

  const create = useCreateCustomer({ onSuccess: ({ data }) => onSaved(data), onError: showRefusal });
  const update = useUpdateCustomer({ onSuccess: ({ data }) => onSaved(data), onError: showRefusal });
  const save = customer ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const names = customer ? changedNames(initial, values) : Object.keys(values);
    if (customer && names.length === 0) return onSaved(customer);
    const body = customerBody(values, names, defs, customer ? 'update' : 'create');
    if (customer) {
      const check = checkBody(updateCustomerSchema, body);
      show(check.ok ? [] : check.details, null);
      return check.ok && update.mutate({ id: customer.id, change: check.body });
    }
    const check = checkBody(createCustomerSchema, body);
    show(check.ok ? [] : check.details, null);
    if (check.ok) create.mutate(check.body);
  }

  function change(name: string, value: string | boolean) {
    setEdits((current) => ({ ...current, [name]: value }));
    clear(name);
  }

  const text = (
    name: string,
    title: string,
    extra: { required?: boolean; hint?: string; type?: string; autoComplete?: string; list?: string; autoFocus?: boolean } = {},
  ) => (
    <Field name={name} label={title} error={errorOf(name)} hint={extra.hint} required={extra.required}>
      {(control) => (
        <input
          {...control}
          type={extra.type ?? 'text'}
          autoComplete={extra.autoComplete ?? 'off'}
          list={extra.list}
          autoFocus={extra.autoFocus}
          value={String(values[name] ?? '')}
          onChange={(e) => change(name, e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-3xl space-y-6" aria-labelledby="customer-form-title">
      {customer ? (
        <h2 id="customer-form-title" className="text-lg font-semibold">
          Edit customer
        </h2>
      ) : (
        <h1 id="customer-form-title" className="text-xl font-semibold">
          New customer
        </h1>
      )}

      <Section title="Contact details">
        {text('first_name', 'First name', { required: true, autoFocus: true })}
        {text('last_name', 'Last name')}
        {text('email', 'Email', { required: true, type: 'email' })}
        {text('phone', 'Phone', { type: 'tel' })}
        {text('organization', 'Organization')}
        {text('department', 'Department')}
        {text('title', 'Job title')}
        <Field name="status" label="Status" error={errorOf('status')}>
          {(control) => (
            <select {...control} value={String(values.status)} onChange={(e) => change('status', e.target.value)}>
              {customerStatuses.map((s) => (
                <option key={s} value={s}>
                  {label(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </Section>

      <Section title="Address">
        {addressParts.map((part) => (
          <div key={part} className={part === 'street' ? 'sm:col-span-2' : undefined}>
            {text(`address.${part}`, addressLabels[part])}
          </div>
        ))}
      </Section>

      <Section title="Preferences">
        {text('preferences.language', 'Language', { hint: 'A language tag, e.g. en or pt-BR' })}
        {text('preferences.timezone', 'Time zone', { hint: 'e.g. Europe/London or America/New_York', list: 'customer-time-zones' })}
        <TimeZoneOptions id="customer-time-zones" />
        <div className="flex items-center gap-2 sm:col-span-2">
          <input
            id={fieldId('preferences.email_notifications')}
            type="checkbox"
            checked={values['preferences.email_notifications'] === true}
            onChange={(e) => change('preferences.email_notifications', e.target.checked)}
            className="h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          />
          <label htmlFor={fieldId('preferences.email_notifications')} className="text-sm">
            Email notifications
          </label>
        </div>
      </Section>

      {definitions.isError ? (
        <LoadError what="The custom fields" error={definitions.error} onRetry={() => void definitions.refetch()} className="" />
      ) : definitions.isPending ? (
        <Loading className="">Loading custom fields…</Loading>
      ) : (
        defs.length > 0 && (
          <Section title="Custom fields">
            {defs.map((def) => {
              const name = customFieldName(def.key);
              return (
                <Field key={def.id} name={name} label={def.label} error={errorOf(name)} required={def.required}>
                  {(control) => <CustomFieldControl definition={def} value={String(values[name] ?? '')} onChange={(v) => change(name, v)} control={control} />}
                </Field>
              );
            })}
          </Section>
        )
      )}

      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={save.isPending} {...createOrSave(Boolean(customer), 'Create customer')} onCancel={onCancel} />
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

let zones: string[] | undefined;
const noZones: string[] = [];

/** The browser's time zone names as suggestions; none in the server render, whose list may differ. */
function TimeZoneOptions({ id }: { id: string }) {
  const list = useBrowserValue(() => (zones ??= Intl.supportedValuesOf('timeZone')), noZones);
  return (
    <datalist id={id}>
      {list.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}
