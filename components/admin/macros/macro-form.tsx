'use client';

import { useState, type FormEvent } from 'react';
import { label as words } from '@/components/ui/labels';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { Field } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { apiErrorMap, zodDetails } from '@/lib/api/validation';
import { createMacroSchema, macroVariableNames, updateMacroSchema, type MacroJson } from '@/lib/macros/schema';
import { ticketPriorities, ticketStatuses } from '@/lib/tickets/schema';
import { useCreateMacro, useUpdateMacro, type NewMacro } from '@/components/data/macros';

type Visibility = MacroJson['visibility'];
type Values = { name: string; body: string; status: string; priority: string; assignee: string; add_tags: string; remove_tags: string };
const fields = ['name', 'body', 'actions'] as const;

const tagList = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

function actionsOf(values: Values): NewMacro['actions'] {
  const addTags = tagList(values.add_tags);
  const removeTags = tagList(values.remove_tags);
  return {
    ...(values.status ? { status: values.status as MacroJson['actions']['status'] } : {}),
    ...(values.priority ? { priority: values.priority as MacroJson['actions']['priority'] } : {}),
    ...(values.assignee === 'me' ? { assignee_id: 'me' as const } : values.assignee === 'none' ? { assignee_id: null } : {}),
    ...(addTags.length ? { add_tags: addTags } : {}),
    ...(removeTags.length ? { remove_tags: removeTags } : {}),
  };
}

/** A new macro (no `macro`) or the edit of one: its name, its text with variables, and what it does to the ticket. */
export function MacroForm(props: { macro?: MacroJson; visibility: Visibility; onDone: () => void }) {
  const { macro } = props;
  const [values, setValues] = useState<Values>(() => ({
    name: macro?.name ?? '',
    body: macro?.body ?? '',
    status: macro?.actions.status ?? '',
    priority: macro?.actions.priority ?? '',
    assignee: macro?.actions.assignee_id === 'me' ? 'me' : macro?.actions.assignee_id === null ? 'none' : '',
    add_tags: macro?.actions.add_tags?.join(', ') ?? '',
    remove_tags: macro?.actions.remove_tags?.join(', ') ?? '',
  }));
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({ fields });
  const titleId = macro ? `edit-macro-${macro.id}-title` : 'new-macro-title';
  const create = useCreateMacro({ onSuccess: props.onDone, onError: showRefusal });
  const update = useUpdateMacro({ onSuccess: props.onDone, onError: showRefusal });
  const save = macro ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input: NewMacro = { name: values.name, body: values.body, visibility: props.visibility, actions: actionsOf(values) };
    const schema = macro ? updateMacroSchema : createMacroSchema;
    const check = schema.safeParse(input, { error: apiErrorMap });
    show(check.success ? [] : zodDetails(check.error), null);
    if (!check.success) return;
    if (macro) update.mutate({ id: macro.id, change: { name: input.name, body: input.body, actions: input.actions } });
    else create.mutate(input);
  }

  function change<K extends keyof Values>(name: K, value: Values[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    clear(name === 'name' || name === 'body' ? name : 'actions');
  }

  const select = (name: 'status' | 'priority', label: string, options: readonly string[]) => (
    <Field name={name} label={label}>
      {(control) => (
        <select {...control} value={values[name]} onChange={(e) => change(name, e.target.value)}>
          <option value="">No change</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {words(option)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {macro ? `Edit the macro “${macro.name}”` : 'New macro'}
      </h2>
      <Field name="name" label="Name" required error={errorOf('name')}>
        {(control) => <input {...control} autoComplete="off" autoFocus value={values.name} onChange={(e) => change('name', e.target.value)} />}
      </Field>
      <Field name="body" label="Text" required error={errorOf('body')} hint={`Variables: ${macroVariableNames.map((n) => `{{${n}}}`).join(' ')}`}>
        {(control) => <textarea {...control} rows={5} value={values.body} onChange={(e) => change('body', e.target.value)} />}
      </Field>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-medium">When applied, also</legend>
        {select('status', 'Set status', ticketStatuses)}
        {select('priority', 'Set priority', ticketPriorities)}
        <Field name="assignee" label="Assign">
          {(control) => (
            <select {...control} value={values.assignee} onChange={(e) => change('assignee', e.target.value)}>
              <option value="">No change</option>
              <option value="me">To the agent applying it</option>
              <option value="none">Unassign</option>
            </select>
          )}
        </Field>
        <Field name="add_tags" label="Add tags" hint="Comma-separated">
          {(control) => <input {...control} autoComplete="off" value={values.add_tags} onChange={(e) => change('add_tags', e.target.value)} />}
        </Field>
        <Field name="remove_tags" label="Remove tags" hint="Comma-separated">
          {(control) => <input {...control} autoComplete="off" value={values.remove_tags} onChange={(e) => change('remove_tags', e.target.value)} />}
        </Field>
      </fieldset>
      {errorOf('actions') && <p className="text-sm text-red-700 dark:text-red-400">{errorOf('actions')}</p>}
      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />
      <FormActions pending={save.isPending} {...createOrSave(Boolean(macro), 'Create macro')} onCancel={props.onDone} />
    </form>
  );
}
