'use client';

import type { CustomFieldJson } from '@/lib/custom-fields/schema';
import type { ControlProps } from '@/components/ui/field';
import { formatCalendarDay } from '@/components/ui/time';

type CustomFieldValue = string | number | boolean | null;

/** A stored custom field value as its input's text. */
export function customFieldInputText(definition: CustomFieldJson, value: CustomFieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  // A date field's input holds a day; a full date-time keeps its day and is only rewritten if edited.
  if (definition.type === 'date' && typeof value === 'string') return value.slice(0, 10);
  return String(value);
}

/**
 * A custom field's input text as the API takes it: blank removes the value, booleans and numbers
 * are sent as such. Text that is not a number is sent as it is, for the API to say what is wrong.
 */
export function customFieldValue(definition: CustomFieldJson | undefined, text: string): string | number | boolean | null {
  if (text.trim() === '') return null;
  if (definition?.type === 'boolean') return text === 'true';
  if (definition?.type === 'number' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A stored value as text: Yes/No for booleans, dates in the reader's words. */
export function customFieldText(definition: CustomFieldJson | undefined, value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (definition?.type === 'date' && typeof value === 'string' && DATE_ONLY.test(value)) return formatCalendarDay(value);
  return String(value);
}

/** The control for one defined field; its value is the input's text ('' when unset, 'true'/'false' for booleans). */
export function CustomFieldControl(props: { definition: CustomFieldJson; value: string; onChange: (value: string) => void; control: ControlProps }) {
  const { definition: def, value, control } = props;
  const onChange = (event: { target: { value: string } }) => props.onChange(event.target.value);
  switch (def.type) {
    case 'boolean':
      return (
        <select {...control} value={value} onChange={onChange}>
          <option value="">Not set</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      );
    case 'select': {
      // A value stored before its option was removed stays visible (and kept) until it is changed.
      const options = value && !def.options?.includes(value) ? [...(def.options ?? []), value] : (def.options ?? []);
      return (
        <select {...control} value={value} onChange={onChange}>
          <option value="">Not set</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    }
    case 'number':
      return <input {...control} type="number" step="any" inputMode="decimal" value={value} onChange={onChange} />;
    case 'date':
      return <input {...control} type="date" value={value} onChange={onChange} />;
    case 'text':
      return <input {...control} type="text" value={value} onChange={onChange} />;
  }
}
