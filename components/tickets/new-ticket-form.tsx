'use client';

import { useRouter } from 'next/navigation';
import { Fragment, useState, type FormEvent } from 'react';
import { CustomFieldControl, customFieldValue } from '@/components/custom-fields';
import { useAgents } from '@/components/data/agents';
import { useCustomer } from '@/components/data/customers';
import { useCustomFieldDefinitions } from '@/components/data/custom-fields';
import { checkBody } from '@/components/data/forms';
import { useCategories, useDepartments } from '@/components/data/organisation';
import { useCreateTicket } from '@/components/data/tickets';
import { Field } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { label } from '@/components/ui/labels';
import { useTimeZone, useTimeZoneNote } from '@/components/ui/time';
import { fullName } from '@/lib/names';
import { createTicketSchema, ticketPriorities } from '@/lib/tickets/schema';
import { wallTimeToInstant } from '@/lib/zoned-time';
import { RequesterPicker, type Requester } from './requester-picker';

const fixedFields = ['subject', 'customer_id', 'description', 'priority', 'assigned_agent_id', 'department_id', 'category_id', 'tags', 'due_date'];
// `tags[2]` belongs to Tags; a custom field's error (`custom_fields.order`) to that field's own control.
const ticketFieldOf = (field: string) => (field.startsWith('tags[') ? 'tags' : field);

type Choice = { id: number; name: string };

/**
 * A ticket an agent opens themselves (a phone call, a walk-in), whole: requester, people, place,
 * tags, due date and custom fields, all in one POST /tickets. Checked in the browser by the API's
 * own schema first; what only the server knows (a deleted agent, custom field rules) comes back
 * from the API and is shown on its field.
 */
export function NewTicketForm({ requesterId }: { requesterId: number | null }) {
  const router = useRouter();
  const { zone } = useTimeZone();
  const zoneNote = useTimeZoneNote();
  const agents = useAgents();
  const departments = useDepartments();
  const [departmentId, setDepartmentId] = useState('');
  const categories = useCategories(departmentId ? Number(departmentId) : null);
  const definitions = useCustomFieldDefinitions('ticket');
  const defs = definitions.data ?? [];
  const [customValues, setCustomValues] = useState<Record<string, string>>({});
  const given = useCustomer(requesterId ?? 0, requesterId !== null);
  // Until the agent picks someone else, the requester is the customer the page was opened for.
  const [picked, setPicked] = useState<Requester | null | undefined>(undefined);
  const givenCustomer = given.data?.data;
  const requester =
    picked !== undefined
      ? picked
      : givenCustomer
        ? { id: givenCustomer.id, name: fullName(givenCustomer.first_name, givenCustomer.last_name), email: givenCustomer.email }
        : null;

  const fields = [...fixedFields, ...defs.map((d) => `custom_fields.${d.key}`)];
  const form = useFieldErrors({ fields, fieldOf: ticketFieldOf });
  const create = useCreateTicket({ onSuccess: ({ data }) => router.push(`/tickets/${data.id}`), onError: form.showRefusal });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    const idOrNull = (name: string) => (text(name) ? Number(text(name)) : null);
    const due = text('due_date');
    const tags = text('tags')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const custom = Object.fromEntries(
      defs.filter((d) => (customValues[d.key] ?? '') !== '').map((d) => [d.key, customFieldValue(d, customValues[d.key] ?? '')]),
    );
    const body = {
      subject: text('subject'),
      description: text('description') || null,
      priority: text('priority'),
      customer_id: requester?.id ?? null,
      assigned_agent_id: idOrNull('assigned_agent_id'),
      department_id: idOrNull('department_id'),
      category_id: idOrNull('category_id'),
      // The input holds a wall-clock time in the agent's zone; the API takes the instant.
      due_date: due ? (wallTimeToInstant(due, zone) ?? due) : null,
      ...(tags.length > 0 ? { tags } : {}),
      ...(Object.keys(custom).length > 0 ? { custom_fields: custom } : {}),
    };
    const check = checkBody(createTicketSchema, body);
    form.show(check.ok ? [] : check.details, null);
    if (check.ok) create.mutate(check.body);
  }

  const picker = (name: string, text: string, list: { data?: Choice[]; isPending: boolean }, extra: { none: string; onChange?: (value: string) => void }) => (
    <Field name={name} label={text} error={form.errorOf(name)}>
      {(control) => (
        // Until its list has arrived the control waits, rather than offer only "None".
        <select
          {...control}
          name={name}
          disabled={list.isPending}
          aria-busy={list.isPending || undefined}
          onChange={(e) => {
            form.clear(name);
            extra.onChange?.(e.target.value);
          }}
        >
          <option value="">{list.isPending ? 'Loading…' : extra.none}</option>
          {(list.data ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form onSubmit={onSubmit} className="mx-auto max-w-2xl space-y-4 p-6" noValidate aria-labelledby="new-ticket-title">
      <h1 id="new-ticket-title" className="text-xl font-semibold">
        New ticket
      </h1>
      <Field name="subject" label="Subject" required error={form.errorOf('subject')}>
        {(control) => <input {...control} name="subject" autoFocus={requesterId === null} onChange={() => form.clear('subject')} />}
      </Field>
      <RequesterPicker
        id="customer_id"
        label="Requester"
        value={requester}
        loading={requesterId !== null && picked === undefined && given.isPending}
        error={form.errorOf('customer_id')}
        hint="The customer this ticket is from: type a name or email, or create them here."
        onChange={(chosen) => {
          setPicked(chosen);
          form.clear('customer_id');
        }}
      />
      <Field name="description" label="Description" error={form.errorOf('description')}>
        {(control) => <textarea {...control} name="description" rows={6} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="priority" label="Priority" error={form.errorOf('priority')}>
          {(control) => (
            <select {...control} name="priority" defaultValue="normal">
              {ticketPriorities.map((p) => (
                <option key={p} value={p}>
                  {label(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {picker('assigned_agent_id', 'Assignee', agents, { none: 'Unassigned' })}
        {picker('department_id', 'Department', departments, { none: 'None', onChange: setDepartmentId })}
        {/* A new department starts its category afresh: the list is that department's. */}
        <Fragment key={departmentId}>{picker('category_id', 'Category', categories, { none: 'None' })}</Fragment>
        <Field name="tags" label="Tags" hint="Separate tags with commas." error={form.errorOf('tags')}>
          {(control) => <input {...control} name="tags" autoComplete="off" onChange={() => form.clear('tags')} />}
        </Field>
        <Field name="due_date" label="Due" hint={zoneNote} error={form.errorOf('due_date')}>
          {(control) => <input {...control} name="due_date" type="datetime-local" onChange={() => form.clear('due_date')} />}
        </Field>
      </div>
      {defs.map((def) => {
        const name = `custom_fields.${def.key}`;
        return (
          <Field key={def.key} name={name} label={def.label} error={form.errorOf(name)}>
            {(control) => (
              <CustomFieldControl
                definition={def}
                value={customValues[def.key] ?? ''}
                control={control}
                onChange={(value) => {
                  setCustomValues((current) => ({ ...current, [def.key]: value }));
                  form.clear(name);
                }}
              />
            )}
          </Field>
        );
      })}
      <FormProblem outcome="Not created" problem={form.problem} errors={form.errors} unplaced={form.unplaced} />
      <FormActions pending={create.isPending} submit="Create ticket" submitting="Creating…" onCancel={() => router.back()} />
    </form>
  );
}
