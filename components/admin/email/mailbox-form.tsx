'use client';

import { useState, type FormEvent } from 'react';
import { changedFields } from '@/components/data/forms';
import { useCreateMailbox, useUpdateMailbox } from '@/components/data/email';
import { useDepartments } from '@/components/data/organisation';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import type { MailboxJson, MailboxWithTokenJson } from '@/lib/email/schema';
import { initialMailboxValues, mailboxBody, mailboxFormFields, type MailboxFormValues } from './mailbox-form-values';

const checkbox = 'h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

type BooleanField = 'imap_tls' | 'active';

/**
 * A new mailbox (no `mailbox`) or the edit of one. Without an IMAP host the mailbox is relay only:
 * mail reaches it through the inbound endpoint with its token. An edit sends only what changed.
 */
export function MailboxForm(props: {
  mailbox?: MailboxJson;
  onCreated?: (mailbox: MailboxWithTokenJson) => void;
  onSaved?: (mailbox: MailboxJson) => void;
  onCancel: () => void;
}) {
  const { mailbox } = props;
  const [initial] = useState(() => initialMailboxValues(mailbox));
  const [values, setValues] = useState<MailboxFormValues>(initial);
  const departments = useDepartments();
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({
    fields: mailboxFormFields,
    target: (name) => document.getElementById(fieldId(`mailbox-${name}`)),
  });
  const titleId = mailbox ? `edit-mailbox-${mailbox.id}-title` : 'new-mailbox-title';

  const create = useCreateMailbox({ onSuccess: ({ data }) => props.onCreated?.(data), onError: showRefusal });
  const update = useUpdateMailbox({ onSuccess: ({ data }) => props.onSaved?.(data), onError: showRefusal });
  const save = mailbox ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = mailboxBody(values);
    if (!check.ok) return show(check.details, null);
    show([], null);
    if (!mailbox) return create.mutate(check.body);
    const before = mailboxBody(initial);
    const fields = before.ok ? changedFields(before.body, check.body) : check.body;
    if (Object.keys(fields).length === 0) return props.onSaved?.(mailbox);
    update.mutate({ id: mailbox.id, change: fields });
  }

  function change<K extends keyof MailboxFormValues>(name: K, value: MailboxFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name);
  }

  const text = (name: Exclude<keyof MailboxFormValues, BooleanField>) => ({
    value: values[name],
    onChange: (e: { target: { value: string } }) => change(name, e.target.value),
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {mailbox ? `Edit mailbox ${mailbox.name}` : 'New mailbox'}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="mailbox-name" label="Name" required error={errorOf('name')} hint="How agents know it, e.g. Support.">
          {(control) => <input {...control} type="text" autoComplete="off" autoFocus {...text('name')} />}
        </Field>
        <Field name="mailbox-address" label="Address" required error={errorOf('address')} hint="Where customers write; replies come from it.">
          {(control) => (
            <input {...control} type="email" inputMode="email" autoComplete="off" spellCheck={false} placeholder="support@example.com" {...text('address')} />
          )}
        </Field>
        <Field name="mailbox-from_name" label="From name" error={errorOf('from_name')} hint="Optional: the sender's name on replies, e.g. Acme Support.">
          {(control) => <input {...control} type="text" autoComplete="off" {...text('from_name')} />}
        </Field>
        <Field name="mailbox-department_id" label="Department" error={errorOf('department_id')} hint="New tickets from this mailbox go to it.">
          {(control) => (
            <select {...control} {...text('department_id')}>
              <option value="">No department</option>
              {(departments.data ?? []).map((d) => (
                <option key={d.id} value={String(d.id)}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <fieldset className="space-y-4 rounded-md border border-slate-200 p-3 dark:border-slate-800">
        <legend className="px-1 text-sm font-medium">IMAP account</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Loopdesk fetches new mail from this account. Leave the host empty for a relay-only mailbox that receives mail through the inbound endpoint.
        </p>
        <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
          <Field name="mailbox-imap_host" label="IMAP host" error={errorOf('imap_host')}>
            {(control) => <input {...control} type="text" autoComplete="off" spellCheck={false} placeholder="imap.example.com" {...text('imap_host')} />}
          </Field>
          <Field name="mailbox-imap_port" label="Port" error={errorOf('imap_port')}>
            {(control) => <input {...control} type="text" inputMode="numeric" autoComplete="off" {...text('imap_port')} />}
          </Field>
        </div>
        <Toggle name="imap_tls" label="Use TLS (IMAPS, usually port 993)" values={values} error={errorOf('imap_tls')} onChange={change} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="mailbox-imap_user" label="User name" error={errorOf('imap_user')}>
            {(control) => <input {...control} type="text" autoComplete="off" spellCheck={false} {...text('imap_user')} />}
          </Field>
          <Field
            name="mailbox-imap_password"
            label="Password"
            error={errorOf('imap_password')}
            hint={mailbox?.has_imap_password ? 'Leave empty to keep the current password.' : 'Stored encrypted; never shown again.'}
          >
            {(control) => <input {...control} type="password" autoComplete="new-password" {...text('imap_password')} />}
          </Field>
        </div>
        <Field name="mailbox-imap_folder" label="Folder" error={errorOf('imap_folder')} hint="The folder new mail is fetched from.">
          {(control) => <input {...control} type="text" autoComplete="off" spellCheck={false} {...text('imap_folder')} />}
        </Field>
      </fieldset>

      <Toggle name="active" label="Active: turn this mailbox's mail into tickets" values={values} error={errorOf('active')} onChange={change} />

      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={save.isPending} {...createOrSave(Boolean(mailbox), 'Create mailbox')} onCancel={props.onCancel} />
    </form>
  );
}

function Toggle(props: {
  name: BooleanField;
  label: string;
  values: MailboxFormValues;
  error?: string;
  onChange: (name: BooleanField, value: boolean) => void;
}) {
  const id = fieldId(`mailbox-${props.name}`);
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          checked={props.values[props.name]}
          onChange={(e) => props.onChange(props.name, e.target.checked)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          className={checkbox}
        />
        <label htmlFor={id} className="text-sm font-medium">
          {props.label}
        </label>
      </div>
      {props.error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      )}
    </div>
  );
}
