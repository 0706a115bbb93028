'use client';

import { useState, type FormEvent } from 'react';
import { useDepartments } from '@/components/data/organisation';
import { label } from '@/components/ui/labels';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { LoadError, Loading } from '@/components/ui/load-error';
import { agentRoles, availabilities, createAgentSchema, updateAgentSchema, type AgentJson } from '@/lib/agents/schema';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';
import { useCreateAgent, useUpdateAgent } from '@/components/data/agents';
import { changedFields } from '@/components/data/forms';
import { agentBody, formFields, initialAgentValues, type AgentFormValues } from './agent-form-values';
import { generateFirstPassword } from './first-password';
import { fullName } from '@/lib/names';

/**
 * A new agent (no `agent`) or the edit of one, checked in the browser by the API's own schema.
 * A new agent gets a first password made here and sent with the create; `onSaved` receives it so
 * that it can be shown once. The server never sends it back.
 */
export function AgentForm({
  agent,
  onSaved,
  onCancel,
}: {
  agent?: AgentJson;
  onSaved: (agent: AgentJson, firstPassword?: string) => void;
  onCancel: () => void;
}) {
  const departments = useDepartments();
  const [initial] = useState(() => initialAgentValues(agent));
  const [values, setValues] = useState<AgentFormValues>(initial);
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({
    fields: formFields,
    // The departments are a group of checkboxes: the first one takes the focus.
    target: (name) =>
      name === 'department_ids' ? document.querySelector<HTMLInputElement>('[name="department_ids"]') : document.getElementById(fieldId(name)),
  });
  const titleId = agent ? `edit-agent-${agent.id}-title` : 'new-agent-title';

  // Assignee pickers and filters list agents too: the hooks refresh every agent list.
  const create = useCreateAgent({ onSuccess: ({ data }, sent) => onSaved(data, sent.password), onError: showRefusal });
  const update = useUpdateAgent({ onSuccess: ({ data }) => onSaved(data), onError: showRefusal });
  const save = agent ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (agent) {
      const fields = changedFields(agentBody(initial, 'update'), agentBody(values, 'update'));
      if (Object.keys(fields).length === 0) return onSaved(agent);
      const check = updateAgentSchema.safeParse(fields, { error: apiErrorMap });
      if (!check.success) return show(zodDetails(check.error), null);
      show([], null);
      return update.mutate({ id: agent.id, change: check.data });
    }
    const fields = agentBody(values, 'create');
    const password = generateFirstPassword();
    const check = createAgentSchema.safeParse({ ...fields, password }, { error: apiErrorMap });
    if (!check.success) return show(zodDetails(check.error), null);
    show([], null);
    create.mutate(check.data);
  }

  function change<K extends keyof AgentFormValues>(name: K, value: AgentFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name);
  }

  const text = (
    name: 'first_name' | 'last_name' | 'email' | 'skills' | 'max_tickets',
    title: string,
    extra: { required?: boolean; hint?: string; type?: string; autoFocus?: boolean } = {},
  ) => (
    <Field name={name} label={title} error={errorOf(name)} hint={extra.hint} required={extra.required}>
      {(control) => (
        <input
          {...control}
          type={extra.type ?? 'text'}
          inputMode={name === 'max_tickets' ? 'numeric' : undefined}
          autoComplete="off"
          autoFocus={extra.autoFocus}
          value={values[name]}
          onChange={(e) => change(name, e.target.value)}
        />
      )}
    </Field>
  );
  const departmentsError = errorOf('department_ids');

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {agent ? `Edit ${fullName(agent.first_name, agent.last_name)}` : 'New agent'}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        {text('first_name', 'First name', { required: true, autoFocus: true })}
        {text('last_name', 'Last name')}
        {text('email', 'Email', { required: true, type: 'email' })}
        <Field name="role" label="Role" error={errorOf('role')} hint="Admins can change settings, keys and webhooks.">
          {(control) => (
            <select {...control} value={values.role} onChange={(e) => change('role', e.target.value as AgentFormValues['role'])}>
              {agentRoles.map((r) => (
                <option key={r} value={r}>
                  {label(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('skills', 'Skills', { hint: 'Comma-separated, e.g. billing, refunds' })}
        {text('max_tickets', 'Maximum open tickets', { type: 'number', hint: 'Leave blank for no limit' })}
        {agent && (
          <Field name="availability" label="Availability" error={errorOf('availability')}>
            {(control) => (
              <select {...control} value={values.availability} onChange={(e) => change('availability', e.target.value as AgentFormValues['availability'])}>
                {availabilities.map((a) => (
                  <option key={a} value={a}>
                    {label(a)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>

      <fieldset aria-describedby={departmentsError ? `${fieldId('department_ids')}-error` : undefined}>
        <legend className="text-sm font-medium">Departments</legend>
        {departments.isError ? (
          <LoadError what="The departments" error={departments.error} onRetry={() => void departments.refetch()} className="mt-1" />
        ) : departments.isPending ? (
          <Loading className="mt-1">Loading departments…</Loading>
        ) : departments.data.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No departments yet.</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {departments.data.map((d) => (
              <li key={d.id} className="flex items-center gap-2">
                <input
                  id={`agent-department-${d.id}`}
                  name="department_ids"
                  type="checkbox"
                  checked={values.department_ids.includes(d.id)}
                  onChange={(e) =>
                    change('department_ids', e.target.checked ? [...values.department_ids, d.id] : values.department_ids.filter((id) => id !== d.id))
                  }
                  className="h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                />
                <label htmlFor={`agent-department-${d.id}`} className="text-sm">
                  {d.name}
                </label>
              </li>
            ))}
          </ul>
        )}
        {departmentsError && (
          <p id={`${fieldId('department_ids')}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
            {departmentsError}
          </p>
        )}
      </fieldset>

      {!agent && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          A strong first password is made in this browser and shown once, after the agent is created.
        </p>
      )}

      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />

      <FormActions pending={save.isPending} {...createOrSave(Boolean(agent), 'Create agent')} onCancel={onCancel} />
    </form>
  );
}
