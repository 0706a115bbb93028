'use client';

import { useState } from 'react';
import { useCustomFieldDefinitions } from '@/components/data/custom-fields';
import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import type { InboxState } from './inbox-query';

/** The look of the inbox's filter controls. */
export const filterControl = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';

type FilterProps = { state: InboxState; onChange: (next: Partial<InboxState>) => void };

/** Tags typed comma-separated, applied on Enter or when the box is left; "More filters" says any or all. */
export function TagFilter({ state, onChange }: FilterProps) {
  const apply = (tags: string) => tags.trim() !== state.tags && onChange({ tags: tags.trim() });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        apply(String(new FormData(event.currentTarget).get('tags') ?? ''));
      }}
    >
      <label htmlFor="filter-tags" className="sr-only">
        Tags
      </label>
      <input
        id="filter-tags"
        name="tags"
        key={state.tags}
        defaultValue={state.tags}
        onBlur={(event) => apply(event.target.value)}
        placeholder="Tags: refund, vip"
        className={`${filterControl} w-full md:w-36`}
      />
    </form>
  );
}

/**
 * One ticket custom field, chosen from the definitions, and the value a ticket must have, entered
 * as its type suggests. The field alone filters nothing; the value goes to the URL.
 */
export function CustomFieldFilter({ state, onChange }: FilterProps) {
  const definitions = useCustomFieldDefinitions('ticket');
  const [chosen, setChosen] = useState('');
  // The URL's filter names its field; a field chosen without a value yet lives here only.
  const key = Object.keys(state.custom_fields)[0] ?? chosen;
  const definition = definitions.data?.find((d) => d.key === key);
  return (
    <>
      <div>
        <label htmlFor="filter-custom-field" className="sr-only">
          Custom field
        </label>
        <select
          id="filter-custom-field"
          value={key}
          onChange={(event) => {
            setChosen(event.target.value);
            if (Object.keys(state.custom_fields).length > 0) onChange({ custom_fields: {} });
          }}
          className={`${filterControl} w-full md:w-auto md:max-w-44`}
        >
          <option value="">Any custom field</option>
          {(definitions.data ?? []).map((d) => (
            <option key={d.id} value={d.key}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      {definition && (
        <FieldValue
          key={definition.key}
          definition={definition}
          value={state.custom_fields[definition.key] ?? ''}
          onChange={(value) => onChange({ custom_fields: value === '' ? {} : { [definition.key]: value } })}
        />
      )}
    </>
  );
}

/** The value to match: chosen from a list when the type has one, else typed and applied on Enter or on leaving. */
function FieldValue({ definition, value, onChange }: { definition: CustomFieldJson; value: string; onChange: (value: string) => void }) {
  const id = 'filter-custom-field-value';
  const label = (
    <label htmlFor={id} className="sr-only">
      {definition.label}
    </label>
  );
  const choices =
    definition.type === 'boolean'
      ? [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]
      : definition.type === 'select'
        ? (definition.options ?? []).map((option) => ({ value: option, label: option }))
        : null;
  if (choices) {
    return (
      <div>
        {label}
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${filterControl} w-full md:w-auto md:max-w-44`}>
          <option value="">Any value</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (definition.type === 'date') {
    return (
      <div>
        {label}
        <input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} className={`${filterControl} w-full md:w-auto`} />
      </div>
    );
  }
  const apply = (text: string) => text.trim() !== value && onChange(text.trim());
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        apply(String(new FormData(event.currentTarget).get('value') ?? ''));
      }}
    >
      {label}
      <input
        id={id}
        name="value"
        type={definition.type === 'number' ? 'number' : 'text'}
        step={definition.type === 'number' ? 'any' : undefined}
        key={value}
        defaultValue={value}
        onBlur={(event) => apply(event.target.value)}
        placeholder={definition.label}
        className={`${filterControl} w-full md:w-40`}
      />
    </form>
  );
}
