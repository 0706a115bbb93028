'use client';

import { useState, type FormEvent } from 'react';
import { label } from '@/components/ui/labels';
import { FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { Field } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { useCreateApiKey } from '@/components/data/api-keys';
import { useTimeZone } from '@/components/ui/time';
import { instantToWallTime } from '@/lib/zoned-time';
import { apiKeyBody, apiKeyFieldOf, apiKeyFormFields, initialApiKeyValues, type ApiKeyFormValues, type KeyPermission } from './api-key-form-values';
import type { NewApiKeyJson } from '@/lib/api-keys/schema';

const permissionHints: Record<KeyPermission, string> = {
  read: 'every GET',
  write: 'read, and create or change tickets, replies, comments, attachments and customers',
  admin: 'everything, including API keys, agents, webhooks and settings',
};

/** Today in the admin's time zone as yyyy-mm-dd, the earliest expiry the date picker offers. */
const today = (zone: string) => instantToWallTime(new Date().toISOString(), zone).slice(0, 10);

/** "Create New API Key": the server checks the values; its field errors are shown beside the fields. */
export function ApiKeyForm({
  permissions,
  onCreated,
  onCancel,
}: {
  permissions: readonly KeyPermission[];
  onCreated: (key: NewApiKeyJson) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<ApiKeyFormValues>(initialApiKeyValues);
  const { zone } = useTimeZone();
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({ fields: apiKeyFormFields, fieldOf: apiKeyFieldOf });

  const create = useCreateApiKey({ onSuccess: ({ data }) => onCreated(data), onError: showRefusal });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    show([], null);
    create.mutate(apiKeyBody(values, zone));
  }

  function change<K extends keyof ApiKeyFormValues>(name: K, value: ApiKeyFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name);
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="new-api-key-title"
      className="mt-4 max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="new-api-key-title" className="text-lg font-semibold">
        New API key
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label="Name" required error={errorOf('name')} hint="Who or what uses it, e.g. CRM sync">
          {(control) => (
            <input {...control} type="text" autoComplete="off" autoFocus maxLength={100} value={values.name} onChange={(e) => change('name', e.target.value)} />
          )}
        </Field>
        <Field name="permission" label="Permission" error={errorOf('permission')} hint={`${label(values.permission)}: ${permissionHints[values.permission]}.`}>
          {(control) => (
            <select {...control} value={values.permission} onChange={(e) => change('permission', e.target.value as KeyPermission)}>
              {permissions.map((p) => (
                <option key={p} value={p}>
                  {label(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="rate_limit" label="Rate limit (requests per hour)" error={errorOf('rate_limit')} hint="Leave blank for the default limit">
          {(control) => (
            <input {...control} type="number" inputMode="numeric" min={1} value={values.rate_limit} onChange={(e) => change('rate_limit', e.target.value)} />
          )}
        </Field>
        <Field
          name="expires_on"
          label="Expires on"
          error={errorOf('expires_on')}
          hint="It stops working at the start of this day, your time. Leave blank for a key that does not expire."
        >
          {(control) => <input {...control} type="date" min={today(zone)} value={values.expires_on} onChange={(e) => change('expires_on', e.target.value)} />}
        </Field>
      </div>
      <Field
        name="ip_whitelist"
        label="IP allowlist"
        error={errorOf('ip_whitelist')}
        hint="One address or CIDR range per line, IPv4 or IPv6 (203.0.113.7, 10.0.0.0/8, 2001:db8::/32). Leave blank to allow any address."
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            spellCheck={false}
            className={`${control.className} font-mono`}
            value={values.ip_whitelist}
            onChange={(e) => change('ip_whitelist', e.target.value)}
          />
        )}
      </Field>

      <FormProblem outcome="Not created" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={create.isPending} submit="Create key" submitting="Creating…" onCancel={onCancel} />
    </form>
  );
}
