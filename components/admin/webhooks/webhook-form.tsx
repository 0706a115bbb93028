'use client';

import { useState, type FormEvent } from 'react';
import { changedFields } from '@/components/data/forms';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { useCreateWebhook, useUpdateWebhook } from '@/components/data/webhooks';
import { initialWebhookValues, webhookBody, webhookFormFields, type WebhookEvent, type WebhookFormValues } from './webhook-form-values';
import type { WebhookJson, WebhookWithSecretJson } from '@/lib/webhooks/schema';

const checkbox = 'h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/**
 * A new webhook (no `webhook`) or the edit of one. The server checks the values (the URL check
 * resolves DNS); its field errors are shown beside the fields. An edit sends only what changed.
 */
export function WebhookForm(props: {
  events: readonly WebhookEvent[];
  webhook?: WebhookJson;
  onCreated?: (webhook: WebhookWithSecretJson) => void;
  onSaved?: (webhook: WebhookJson) => void;
  onCancel: () => void;
}) {
  const { webhook } = props;
  const [initial] = useState(() => initialWebhookValues(webhook));
  const [values, setValues] = useState<WebhookFormValues>(initial);
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({
    fields: webhookFormFields,
    // The events are a group of checkboxes: the first one takes the focus.
    target: (name) =>
      name === 'events' ? document.querySelector<HTMLInputElement>('[name="webhook-events"]') : document.getElementById(fieldId(`webhook-${name}`)),
  });
  const titleId = webhook ? `edit-webhook-${webhook.id}-title` : 'new-webhook-title';

  const create = useCreateWebhook({ onSuccess: ({ data }) => props.onCreated?.(data), onError: showRefusal });
  const update = useUpdateWebhook({ onSuccess: ({ data }) => props.onSaved?.(data), onError: showRefusal });
  const save = webhook ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    show([], null);
    const body = webhookBody(values, props.events);
    if (!webhook) return create.mutate(body);
    const fields = changedFields(webhookBody(initial, props.events), body);
    if (Object.keys(fields).length === 0) return props.onSaved?.(webhook);
    update.mutate({ id: webhook.id, change: fields });
  }

  function change<K extends keyof WebhookFormValues>(name: K, value: WebhookFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name === 'allEvents' ? 'events' : name);
  }

  const eventsError = errorOf('events');
  const eventsErrorId = `${fieldId('webhook-events')}-error`;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {webhook ? 'Edit webhook' : 'New webhook'}
      </h2>
      <Field
        name="webhook-url"
        label="URL"
        required
        error={errorOf('url')}
        hint="Where Loopdesk POSTs the events: http:// or https://, reachable from the Loopdesk server."
      >
        {(control) => (
          <input
            {...control}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={values.url}
            onChange={(e) => change('url', e.target.value)}
            placeholder="https://example.com/loopdesk"
          />
        )}
      </Field>

      <fieldset aria-describedby={eventsError ? eventsErrorId : undefined}>
        <legend className="text-sm font-medium">Events</legend>
        <div className="mt-1 flex items-center gap-2">
          <input
            id="webhook-event-all"
            name="webhook-events"
            type="checkbox"
            checked={values.allEvents}
            onChange={(e) => change('allEvents', e.target.checked)}
            className={checkbox}
          />
          <label htmlFor="webhook-event-all" className="text-sm">
            All events, including ones added later
          </label>
        </div>
        <ul className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {props.events.map((event) => (
            <li key={event} className="flex items-center gap-2">
              <input
                id={`webhook-event-${event}`}
                name="webhook-events"
                type="checkbox"
                disabled={values.allEvents}
                checked={values.allEvents || values.events.includes(event)}
                onChange={(e) => change('events', e.target.checked ? [...values.events, event] : values.events.filter((x) => x !== event))}
                className={checkbox}
              />
              <label htmlFor={`webhook-event-${event}`} className={`font-mono text-sm ${values.allEvents ? 'text-slate-600 dark:text-slate-400' : ''}`}>
                {event}
              </label>
            </li>
          ))}
        </ul>
        {eventsError && (
          <p id={eventsErrorId} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {eventsError}
          </p>
        )}
      </fieldset>

      <Field
        name="webhook-secret"
        label={webhook ? 'Replace the secret' : 'Secret'}
        error={errorOf('secret')}
        hint={
          webhook
            ? `Leave empty to keep the current one (${webhook.secret_prefix}…). A secret given here replaces it at once, with no overlap; Rotate secret keeps the old one signing for 24 hours.`
            : 'Leave empty to have one generated (whsec_…), or give your own of 32 to 256 characters. It is shown once, after saving.'
        }
      >
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            spellCheck={false}
            className={`${control.className} font-mono`}
            value={values.secret}
            onChange={(e) => change('secret', e.target.value)}
          />
        )}
      </Field>

      <div>
        <div className="flex items-center gap-2">
          <input
            id={fieldId('webhook-active')}
            type="checkbox"
            checked={values.active}
            onChange={(e) => change('active', e.target.checked)}
            aria-describedby={
              [webhook?.disabled_reason && `${fieldId('webhook-active')}-hint`, errorOf('active') && `${fieldId('webhook-active')}-error`]
                .filter(Boolean)
                .join(' ') || undefined
            }
            aria-invalid={errorOf('active') ? true : undefined}
            className={checkbox}
          />
          <label htmlFor={fieldId('webhook-active')} className="text-sm font-medium">
            Active: deliver events to this URL
          </label>
        </div>
        {webhook?.disabled_reason && (
          <p id={`${fieldId('webhook-active')}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Switching it on again clears the reason it was switched off.
          </p>
        )}
        {errorOf('active') && (
          <p id={`${fieldId('webhook-active')}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {errorOf('active')}
          </p>
        )}
      </div>

      <Field name="webhook-description" label="Description" error={errorOf('description')} hint="Optional: what receives these events, and who looks after it.">
        {(control) => <textarea {...control} rows={2} value={values.description} onChange={(e) => change('description', e.target.value)} />}
      </Field>

      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={save.isPending} {...createOrSave(Boolean(webhook), 'Create webhook')} onCancel={props.onCancel} />
    </form>
  );
}
