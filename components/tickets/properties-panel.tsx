'use client';

import { useState } from 'react';
import { CustomFieldControl, customFieldInputText, customFieldValue } from '@/components/custom-fields';
import { useAgents } from '@/components/data/agents';
import { useCustomFieldDefinitions } from '@/components/data/custom-fields';
import { useCategories, useDepartments } from '@/components/data/organisation';
import type { TicketChange } from '@/components/data/tickets';
import { Field, type ControlProps } from '@/components/ui/field';
import { InlineSelect } from '@/components/ui/inline-select';
import { choicesOf } from '@/components/ui/labels';
import { Time } from '@/components/ui/time';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import { ticketPriorities, ticketStatuses, type TicketJson } from '@/lib/tickets/schema';

const control = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';

/** The ticket's properties, each edited in place and sent as its own change. */
export function PropertiesPanel({ ticket, onChange }: { ticket: TicketJson; onChange: (change: TicketChange) => void }) {
  const agents = useAgents();
  const departments = useDepartments();
  const categories = useCategories(ticket.department?.id ?? null);
  const definitions = useCustomFieldDefinitions('ticket');
  const select = (
    id: string,
    text: string,
    value: string | number,
    options: { id: number | string; name: string }[],
    change: (value: string) => void,
    none = 'None',
  ) => (
    <div>
      <label htmlFor={id}>{text}</label>
      <select id={id} className={control} value={value} onChange={(e) => change(e.target.value)}>
        <option value="">{none}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
  const idOrNull = (value: string) => (value ? Number(value) : null);
  return (
    <section
      aria-labelledby="properties-title"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="properties-title" className="font-semibold">
        Properties
      </h2>
      <InlineSelect
        id="prop-status"
        label="Status"
        value={ticket.status}
        options={choicesOf(ticketStatuses)}
        onChange={(status) => onChange({ status: ticketStatuses.find((s) => s === status) })}
      />
      <InlineSelect
        id="prop-priority"
        label="Priority"
        value={ticket.priority}
        options={choicesOf(ticketPriorities)}
        onChange={(priority) => onChange({ priority })}
      />
      {select(
        'prop-assignee',
        'Assignee',
        ticket.assigned_agent?.id ?? '',
        agents.data ?? [],
        (v) => onChange({ assigned_agent_id: idOrNull(v) }),
        'Unassigned',
      )}
      {select('prop-department', 'Department', ticket.department?.id ?? '', departments.data ?? [], (v) =>
        onChange({ department_id: idOrNull(v), category_id: null }),
      )}
      {select('prop-category', 'Category', ticket.category?.id ?? '', categories.data ?? [], (v) => onChange({ category_id: idOrNull(v) }))}
      <div>
        <label htmlFor="prop-due">Due</label>
        <input
          id="prop-due"
          type="datetime-local"
          className={control}
          defaultValue={ticket.due_date ? ticket.due_date.slice(0, 16) : ''}
          key={ticket.due_date ?? 'none'}
          onBlur={(e) => {
            const value = e.target.value ? `${e.target.value}:00Z` : null;
            if (value !== ticket.due_date) onChange({ due_date: value });
          }}
        />
      </div>
      <TagsField tags={ticket.tags} onChange={(tags) => onChange({ tags })} />
      {(definitions.data ?? []).map((def) => (
        <Field key={def.key} name={`custom_fields.${def.key}`} label={def.label}>
          {(controlProps) => (
            <CustomFieldEditor
              definition={def}
              stored={ticket.custom_fields[def.key]}
              controlProps={controlProps}
              onCommit={(value) => onChange({ custom_fields: { [def.key]: value } })}
            />
          )}
        </Field>
      ))}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Created <Time value={ticket.created_at} />
      </p>
    </section>
  );
}

/** A custom field edited in place: selects save at once, typed values when the field is left. */
function CustomFieldEditor(props: {
  definition: CustomFieldJson;
  stored: TicketJson['custom_fields'][string] | undefined;
  controlProps: ControlProps;
  onCommit: (value: string | number | boolean | null) => void;
}) {
  const storedText = customFieldInputText(props.definition, props.stored);
  const [text, setText] = useState(storedText);
  // A newer stored value (saved here or by someone else) replaces the text, during render rather than in an effect.
  const [shown, setShown] = useState(storedText);
  if (shown !== storedText) {
    setShown(storedText);
    setText(storedText);
  }
  const commit = (value: string) => value !== storedText && props.onCommit(customFieldValue(props.definition, value));
  const immediate = props.definition.type === 'boolean' || props.definition.type === 'select';
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: focus leaving the field's own controls (blur bubbles up) saves it; the div itself takes no input
    <div onBlur={() => !immediate && commit(text)}>
      <CustomFieldControl
        definition={props.definition}
        value={text}
        control={props.controlProps}
        onChange={(value) => {
          setText(value);
          if (immediate) commit(value);
        }}
      />
    </div>
  );
}

function TagsField({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  return (
    <div>
      <span>Tags</span>
      <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="mt-1"
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem('tag') as HTMLInputElement;
          const value = input.value.trim();
          if (value && !tags.includes(value)) onChange([...tags, value]);
          input.value = '';
        }}
      >
        <label className="sr-only" htmlFor="add-tag">
          Add a tag
        </label>
        <input id="add-tag" name="tag" placeholder="Add a tag" className={control} />
      </form>
    </div>
  );
}
