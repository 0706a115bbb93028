import type { ReactNode } from 'react';

/** Instants in the reader's locale and time zone, as every desk screen shows them. */
const formats = {
  date: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
  dateTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
};

// A calendar day (yyyy-mm-dd) has no time zone: read and shown in UTC, so no zone moves it to the day before.
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** `2024-05-01` in the reader's words. */
export const formatCalendarDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

type TimeProps = {
  /** ISO 8601, as the API gives it. */
  value: string;
  format?: keyof typeof formats;
  className?: string;
  /** Said after the date, inside the element: a note for screen readers such as "(overdue)". */
  children?: ReactNode;
};

/** An instant in the reader's words, with the instant itself for machines. */
export function Time({ value, format = 'dateTime', className, children }: TimeProps) {
  return (
    <time dateTime={value} className={className}>
      {formats[format].format(new Date(value))}
      {children}
    </time>
  );
}
