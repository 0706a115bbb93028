import { createContext, useContext, type ReactNode } from 'react';
import { browserTimeZone, isKnownTimeZone } from '@/lib/zoned-time';
import { useBrowserValue } from './browser-value';

/**
 * The zone the reader chose (their profile's), or null for their browser's. Every instant on the
 * desk is shown, and every date-time input read, in this one zone.
 */
const ChosenTimeZone = createContext<string | null>(null);

export function TimeZoneProvider({ zone, children }: { zone: string | null; children: ReactNode }) {
  return <ChosenTimeZone.Provider value={zone}>{children}</ChosenTimeZone.Provider>;
}

/**
 * The zone times are shown in: the chosen one, else the browser's. A page rendered on the server
 * has no browser, so it says UTC there and the browser's own zone once it runs in the browser.
 */
export function useTimeZone(): { zone: string; chosen: boolean } {
  const saved = useContext(ChosenTimeZone);
  const browser = useBrowserValue(browserTimeZone, 'UTC');
  // A zone newer than this browser's time zone data (the server's may be newer) would break every date shown.
  const chosen = useBrowserValue(() => (saved && isKnownTimeZone(saved) ? saved : null), saved);
  return { zone: chosen ?? browser, chosen: chosen !== null };
}

const styles = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  // For the title: the full time with the zone's name, so a reader can tell which zone they are reading.
  full: { dateStyle: 'medium', timeStyle: 'long' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Instants in the reader's locale, in `zone`. */
export function formatIn(style: keyof typeof styles, zone: string): Intl.DateTimeFormat {
  const key = `${style} ${zone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { ...styles[style], timeZone: zone });
    formats.set(key, format);
  }
  return format;
}

// A calendar day (yyyy-mm-dd) has no time zone: read and shown in UTC, so no zone moves it to the day before.
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** `2024-05-01` in the reader's words. */
export const formatCalendarDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

type TimeProps = {
  /** ISO 8601, as the API gives it. */
  value: string;
  format?: 'date' | 'dateTime';
  className?: string;
  /** Said after the date, inside the element: a note for screen readers such as "(overdue)". */
  children?: ReactNode;
};

/** An instant in the reader's words and time zone, with the instant itself for machines. */
export function Time({ value, format = 'dateTime', className, children }: TimeProps) {
  const { zone } = useTimeZone();
  const instant = new Date(value);
  return (
    <time dateTime={value} className={className} title={formatIn('full', zone).format(instant)}>
      {formatIn(format, zone).format(instant)}
      {children}
    </time>
  );
}

/** Which zone a form's times are in, said beside its date-time inputs. */
export function useTimeZoneNote(): string {
  const { zone, chosen } = useTimeZone();
  return `Times in ${zone} (${chosen ? 'set on your profile' : 'your browser’s time zone'})`;
}
