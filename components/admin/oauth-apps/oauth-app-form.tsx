'use client';

import { useState, type FormEvent } from 'react';
import { ApiError } from '@/components/data/api';
import { changedFields, checkBody } from '@/components/data/forms';
import { useCreateOAuthApp, useUpdateOAuthApp } from '@/components/data/oauth-apps';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { createOAuthAppSchema, updateOAuthAppSchema, type NewOAuthAppJson, type OAuthAppJson } from '@/lib/oauth/schema';
import { scopeCatalogue, scopes as catalogueOrder } from '@/lib/oauth/scopes';
import { initialOAuthAppValues, namingRedirectUris, oauthAppBody, oauthAppChange, oauthAppFormFields, type OAuthAppFormValues } from './oauth-app-form-values';

const checkbox = 'h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

/**
 * A new app (no `app`) or the edit of one. The API's own schema checks the values here first; the
 * server then checks what needs the stored app (a private-use redirect on an app no longer native).
 * An edit sends only what changed, and never `confidential`, which is fixed at creation.
 */
export function OAuthAppForm(props: {
  app?: OAuthAppJson;
  onCreated?: (app: NewOAuthAppJson) => void;
  onSaved?: (app: OAuthAppJson) => void;
  onCancel: () => void;
}) {
  const { app } = props;
  const [initial] = useState(() => initialOAuthAppValues(app));
  const [values, setValues] = useState<OAuthAppFormValues>(initial);
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({
    fields: oauthAppFormFields,
    // The client type and the scopes are groups: their first control takes the focus.
    target: (name) =>
      name === 'confidential' || name === 'scopes'
        ? document.querySelector<HTMLInputElement>(`[name="oauth-app-${name}"]`)
        : document.getElementById(fieldId(`oauth-app-${name}`)),
  });
  const titleId = app ? `edit-oauth-app-${app.id}-title` : 'new-oauth-app-title';

  const refused = (error: Error, uris: readonly string[] | undefined) =>
    error instanceof ApiError && error.details.length > 0 ? show(namingRedirectUris(error.details, uris), null) : showRefusal(error);
  const create = useCreateOAuthApp({ onSuccess: ({ data }) => props.onCreated?.(data), onError: (error, sent) => refused(error, sent.redirect_uris) });
  const update = useUpdateOAuthApp({
    onSuccess: ({ data }) => props.onSaved?.(data),
    // An edit that leaves the redirect URIs as they were may still be refused for them (native switched off).
    onError: (error, sent) => refused(error, sent.change.redirect_uris ?? app?.redirect_uris),
  });
  const save = app ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = oauthAppBody(values, catalogueOrder);
    if (!app) {
      const check = checkBody(createOAuthAppSchema, body);
      if (!check.ok) return show(namingRedirectUris(check.details, body.redirect_uris), null);
      show([], null);
      return create.mutate(check.body);
    }
    const fields = changedFields(oauthAppChange(oauthAppBody(initial, catalogueOrder)), oauthAppChange(body));
    if (Object.keys(fields).length === 0) return props.onSaved?.(app);
    const check = checkBody(updateOAuthAppSchema, fields);
    if (!check.ok) return show(namingRedirectUris(check.details, fields.redirect_uris), null);
    show([], null);
    update.mutate({ id: app.id, change: check.body });
  }

  function change<K extends keyof OAuthAppFormValues>(name: K, value: OAuthAppFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name);
  }

  const groupErrorId = (name: string) => `${fieldId(`oauth-app-${name}`)}-error`;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {app ? `Edit ${app.name}` : 'New OAuth app'}
      </h2>
      <Field name="oauth-app-name" label="Name" required error={errorOf('name')} hint="Agents see it when the app asks for access, e.g. Calendar sync.">
        {(control) => (
          <input {...control} type="text" autoComplete="off" autoFocus maxLength={100} value={values.name} onChange={(e) => change('name', e.target.value)} />
        )}
      </Field>
      <Field name="oauth-app-description" label="Description" error={errorOf('description')} hint="Optional: what the app does with the access it gets.">
        {(control) => <textarea {...control} rows={2} maxLength={500} value={values.description} onChange={(e) => change('description', e.target.value)} />}
      </Field>
      <Field
        name="oauth-app-redirect_uris"
        label="Redirect URIs"
        required
        error={errorOf('redirect_uris')}
        hint="One per line, matched exactly: https://…, http:// only on 127.0.0.1, [::1] or localhost, or a scheme like com.example.app:/callback for a native app. No wildcards or #fragments."
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            spellCheck={false}
            className={`${control.className} font-mono`}
            value={values.redirect_uris}
            onChange={(e) => change('redirect_uris', e.target.value)}
          />
        )}
      </Field>

      <fieldset aria-describedby={errorOf('confidential') ? groupErrorId('confidential') : undefined}>
        <legend className="text-sm font-medium">Client type</legend>
        {[
          { value: true, label: 'Confidential', hint: 'A server-side app that can keep a client secret.' },
          { value: false, label: 'Public', hint: 'A single-page or native app that cannot keep a secret; it relies on PKCE alone.' },
        ].map((option) => {
          const id = `oauth-app-confidential-${option.value}`;
          return (
            <div key={id} className="mt-1 flex items-start gap-2">
              <input
                id={id}
                name="oauth-app-confidential"
                type="radio"
                disabled={Boolean(app)}
                checked={values.confidential === option.value}
                onChange={() => change('confidential', option.value)}
                className={`${checkbox} mt-0.5`}
              />
              <label htmlFor={id} className="text-sm">
                <span className="font-medium">{option.label}</span>: {option.hint}
              </label>
            </div>
          );
        })}
        {app && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Fixed when the app was created: register a new app to change it.</p>}
        <ErrorText id={groupErrorId('confidential')} error={errorOf('confidential')} />
      </fieldset>

      <div>
        <div className="flex items-center gap-2">
          <input
            id={fieldId('oauth-app-native')}
            type="checkbox"
            checked={values.native}
            onChange={(e) => change('native', e.target.checked)}
            aria-invalid={errorOf('native') ? true : undefined}
            aria-describedby={errorOf('native') ? groupErrorId('native') : undefined}
            className={checkbox}
          />
          <label htmlFor={fieldId('oauth-app-native')} className="text-sm font-medium">
            Native app: a desktop or mobile app that may redirect to its own scheme
          </label>
        </div>
        <ErrorText id={groupErrorId('native')} error={errorOf('native')} />
      </div>

      <fieldset aria-describedby={errorOf('scopes') ? groupErrorId('scopes') : undefined}>
        <legend className="text-sm font-medium">Scopes the app may ask for</legend>
        <ul className="mt-1 space-y-1">
          {catalogueOrder.map((scope) => {
            const id = `oauth-app-scope-${scope.replace(':', '-')}`;
            return (
              <li key={scope} className="flex items-start gap-2">
                <input
                  id={id}
                  name="oauth-app-scopes"
                  type="checkbox"
                  checked={values.scopes.includes(scope)}
                  onChange={(e) => change('scopes', e.target.checked ? [...values.scopes, scope] : values.scopes.filter((s) => s !== scope))}
                  className={`${checkbox} mt-0.5`}
                />
                <label htmlFor={id} className="text-sm">
                  <span className="font-mono">{scope}</span>: {scopeCatalogue[scope].words}
                </label>
              </li>
            );
          })}
        </ul>
        <ErrorText id={groupErrorId('scopes')} error={errorOf('scopes')} />
      </fieldset>

      <Field name="oauth-app-logo_url" label="Logo URL" error={errorOf('logo_url')} hint="Optional: an https:// image shown when the app asks for access.">
        {(control) => (
          <input
            {...control}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={values.logo_url}
            onChange={(e) => change('logo_url', e.target.value)}
          />
        )}
      </Field>

      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={save.isPending} {...createOrSave(Boolean(app), 'Create app')} onCancel={props.onCancel} />
    </form>
  );
}
