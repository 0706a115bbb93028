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
import { Time, useTimeZone, useTimeZoneNote } from '@/components/ui/time';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import { ticketPriorities, ticketStatuses, type TicketJson } from '@/lib/tickets/schema';
import { instantToWallTime, wallTimeToInstant } from '@/lib/zoned-time';
import { RequesterPicker } from './requester-picker';
import { SlaSection } from './sla-section';

const control = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';

/** The ticket's properties, each edited in place and sent as its own change. */
export function PropertiesPanel({ ticket, onChange }: { ticket: TicketJson; onChange: (change: TicketChange) => void }) {
  const agents = useAgents();
  const departments = useDepartments();
  const categories = useCategories(ticket.department?.id ?? null);
  const definitions = useCustomFieldDefinitions('ticket');
  const { zone } = useTimeZone();
  const zoneNote = useTimeZoneNote();
  const shownDue = ticket.due_date ? instantToWallTime(ticket.due_date, zone) : '';
  /**
   * The ticket's own value is known before the list of choices is: until the list arrives the
   * control shows that value, disabled, rather than "None" or "Unassigned" for a moment.
   * A value missing from the list (an agent since deactivated) is still shown as it is.
   */
  const select = (
    id: string,
    text: string,
    current: { id: number; name: string } | null,
    list: { data?: { id: number; name: string }[]; isPending: boolean },
    change: (value: string) => void,
    none = 'None',
  ) => {
    const options = list.data ?? [];
    const shown = current && !options.some((o) => o.id === current.id) ? [current, ...options] : options;
    return (
      <div>
        <label htmlFor={id}>{text}</label>
        <select
          id={id}
          className={control}
          value={current?.id ?? ''}
          disabled={list.isPending}
          aria-busy={list.isPending || undefined}
          onChange={(e) => change(e.target.value)}
        >
          <option value="">{none}</option>
          {shown.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
    );
  };
  const idOrNull = (value: string) => (value ? Number(value) : null);
  return (
    <section
      aria-labelledby="properties-title"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="properties-title" className="font-semibold">
        Properties
      </h2>
      <RequesterPicker
        id="prop-requester"
        label="Requester"
        value={ticket.customer}
        onChange={(requester) => requester?.id !== ticket.customer?.id && onChange({ customer_id: requester?.id ?? null })}
      />
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
      {select('prop-assignee', 'Assignee', ticket.assigned_agent, agents, (v) => onChange({ assigned_agent_id: idOrNull(v) }), 'Unassigned')}
      {select('prop-department', 'Department', ticket.department, departments, (v) => onChange({ department_id: idOrNull(v), category_id: null }))}
      {select('prop-category', 'Category', ticket.category, categories, (v) => onChange({ category_id: idOrNull(v) }))}
      <div>
        <label htmlFor="prop-due">Due</label>
        {/* The input shows and takes wall-clock time in the agent's zone; the API stores the instant. */}
        <input
          id="prop-due"
          type="datetime-local"
          className={control}
          aria-describedby="prop-due-zone"
          defaultValue={shownDue}
          key={`${ticket.due_date ?? 'none'} ${zone}`}
          onBlur={(e) => {
            // Only what the agent changed is saved: passing through keeps the stored instant (seconds included), and a
            // half-typed date (the browser reports it as empty, with badInput) clears nothing.
            if (e.target.value === shownDue || e.target.validity.badInput) return;
            if (!e.target.value) return onChange({ due_date: null });
            const value = wallTimeToInstant(e.target.value, zone);
            if (value) onChange({ due_date: value });
          }}
        />
        <p id="prop-due-zone" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {zoneNote}
        </p>
      </div>
      <SlaSection sla={ticket.sla} />
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
