import type { ReactNode } from 'react';

export const control =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:bg-slate-900 dark:aria-[invalid=true]:border-red-400';

/** What a field hands its control so that the label, hint and error are tied to it. */
export type ControlProps = {
  id: string;
  className: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  'aria-required': true | undefined;
};

/** A form key (`address.city`, `custom_fields.cost-center`) as an element id. */
export const fieldId = (key: string) => `field-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A labelled control with its hint and its error (from the browser's check or the API's) beneath it. */
export function Field(props: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = fieldId(props.name);
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {props.label}
        {props.required && (
          <span aria-hidden="true" className="text-red-700 dark:text-red-400">
            {' '}
            *
          </span>
        )}
      </label>
      {props.children({
        id,
        className: control,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
        'aria-required': props.required || undefined,
      })}
      {props.hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      )}
    </div>
  );
}
