'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { control, fieldId } from '@/components/ui/field';
import { label as words } from '@/components/ui/labels';
import { formatCalendarDay } from '@/components/ui/time';
import { weekdays, type Weekday } from '@/lib/sla/schema';
import type { TicketPriority } from '@/lib/tickets/schema';
import { dayNames, prioritiesByUrgency, type DayValues, type DurationValues, type SlaPolicyValues, type TargetValues } from './sla-policy-values';

const checkbox = 'h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
const errorText = 'mt-1 text-sm text-red-700 dark:text-red-400';
const hintText = 'mt-1 text-xs text-slate-600 dark:text-slate-400';

type ErrorOf = (name: string) => string | undefined;

/** A message under a group of controls, with the id the controls point to. */
function GroupError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className={errorText}>
      {message}
    </p>
  ) : null;
}

/** Around the clock, or the hours of each weekday (one span a day; an end of 00:00 is midnight at the end of the day). */
export function BusinessHoursFieldset(props: {
  aroundTheClock: boolean;
  days: Record<Weekday, DayValues>;
  errorOf: ErrorOf;
  onAroundTheClock: (on: boolean) => void;
  onDay: (day: Weekday, change: Partial<DayValues>) => void;
}) {
  const groupId = fieldId('business_hours');
  const groupError = props.errorOf('business_hours');
  return (
    <fieldset aria-describedby={`${groupId}-hint${groupError ? ` ${groupId}-error` : ''}`}>
      <legend className="text-sm font-medium">Business hours</legend>
      <p id={`${groupId}-hint`} className={hintText}>
        The clocks run only in these hours, in the policy’s time zone. To run to the end of a day, close it at midnight (00:00).
      </p>
      <div className="mt-2 flex items-center gap-2">
        <input
          id={groupId}
          type="checkbox"
          checked={props.aroundTheClock}
          onChange={(e) => props.onAroundTheClock(e.target.checked)}
          aria-invalid={groupError ? true : undefined}
          className={checkbox}
        />
        <label htmlFor={groupId} className="text-sm">
          Around the clock, every day
        </label>
      </div>
      <GroupError id={`${groupId}-error`} message={groupError} />
      {!props.aroundTheClock && (
        <ul className="mt-2 space-y-2">
          {weekdays.map((day) => (
            <DayRow
              key={day}
              day={day}
              values={props.days[day]}
              error={props.errorOf(`business_hours.${day}`)}
              onChange={(change) => props.onDay(day, change)}
            />
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function DayRow({
  day,
  values,
  error,
  onChange,
}: {
  day: Weekday;
  values: DayValues;
  error: string | undefined;
  onChange: (change: Partial<DayValues>) => void;
}) {
  const id = fieldId(`business_hours.${day}`);
  const describedBy = error ? `${id}-error` : undefined;
  const time = (which: 'start' | 'end', label: string) => (
    <div className="w-32">
      <label htmlFor={which === 'start' ? id : `${id}-end`} className="sr-only">
        {dayNames[day]} {label}
      </label>
      <input
        id={which === 'start' ? id : `${id}-end`}
        type="time"
        value={values[which]}
        onChange={(e) => onChange({ [which]: e.target.value })}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={control}
      />
    </div>
  );
  return (
    <li>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="flex w-32 items-center gap-2">
          <input id={`${id}-open`} type="checkbox" checked={values.open} onChange={(e) => onChange({ open: e.target.checked })} className={checkbox} />
          <label htmlFor={`${id}-open`} className="text-sm">
            {dayNames[day]}
          </label>
        </div>
        {values.open ? (
          <div className="flex items-center gap-2">
            {time('start', 'opens at')}
            <span aria-hidden="true">–</span>
            {time('end', 'closes at')}
          </div>
        ) : (
          <span className="text-sm text-slate-600 dark:text-slate-400">Closed</span>
        )}
      </div>
      <GroupError id={`${id}-error`} message={error} />
    </li>
  );
}

/** Local dates on which the clocks stop: a date and Add, each added one with Remove. */
export function HolidaysFieldset(props: { holidays: string[]; error: string | undefined; onChange: (holidays: string[]) => void }) {
  const [date, setDate] = useState('');
  const id = fieldId('holidays');
  const add = () => {
    if (!date) return;
    props.onChange([...new Set([...props.holidays, date])].sort());
    setDate('');
  };
  return (
    <fieldset>
      <legend className="text-sm font-medium">Holidays</legend>
      <div className="mt-1 flex flex-wrap items-end gap-2">
        <div className="w-44">
          <label htmlFor={id} className="text-sm">
            Date
          </label>
          <input
            id={id}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            // Enter adds the date rather than sending the whole form.
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              add();
            }}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ''}`}
            className={control}
          />
        </div>
        <Button variant="secondary" onClick={add} disabled={!date}>
          Add holiday
        </Button>
      </div>
      <p id={`${id}-hint`} className={hintText}>
        The clocks stop for the whole day, in the policy’s time zone.
      </p>
      <GroupError id={`${id}-error`} message={props.error} />
      {props.holidays.length > 0 && (
        <ul aria-label="Holidays" className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {props.holidays.map((day) => (
            <li key={day} className="flex items-center justify-between gap-2 px-3 py-1 text-sm">
              <time dateTime={day}>{formatCalendarDay(day)}</time>
              <Button variant="ghost" onClick={() => props.onChange(props.holidays.filter((d) => d !== day))}>
                Remove<span className="sr-only"> {formatCalendarDay(day)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

const measures = [
  { key: 'first_response', label: 'First response' },
  { key: 'resolution', label: 'Resolution' },
] as const;

/** A target per priority and measure, as an amount in hours or minutes; an empty amount sets none. */
export function TargetsFieldset(props: {
  targets: SlaPolicyValues['targets'];
  errorOf: ErrorOf;
  onChange: (priority: TicketPriority, measure: keyof TargetValues, change: Partial<DurationValues>) => void;
}) {
  const groupId = fieldId('targets');
  const groupError = props.errorOf('targets');
  return (
    <fieldset aria-describedby={`${groupId}-hint${groupError ? ` ${groupId}-error` : ''}`}>
      <legend className="text-sm font-medium">Targets</legend>
      <p id={`${groupId}-hint`} className={hintText}>
        Counted in business hours. Leave both empty for a priority the policy sets no target for.
      </p>
      <GroupError id={`${groupId}-error`} message={groupError} />
      <table className="mt-2 w-full text-left text-sm max-sm:block max-sm:[&_tbody]:block max-sm:[&_td]:block max-sm:[&_th]:block max-sm:[&_thead]:sr-only max-sm:[&_tr]:block max-sm:[&_tr]:py-2">
        <thead className="text-xs text-slate-600 uppercase dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3">
              Priority
            </th>
            {measures.map((m) => (
              <th key={m.key} scope="col" className="py-1 pr-3">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {prioritiesByUrgency.map((priority) => {
            const id = fieldId(`targets.${priority}`);
            const error = props.errorOf(`targets.${priority}`);
            return (
              <tr key={priority} className="border-t border-slate-100 align-top dark:border-slate-800">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {words(priority)}
                  <GroupError id={`${id}-error`} message={error} />
                </th>
                {measures.map((m) => (
                  <td key={m.key} className="py-2 pr-3 max-sm:py-1">
                    <DurationInput
                      id={m.key === 'first_response' ? id : `${id}-${m.key}`}
                      label={`${words(priority)} ${m.label.toLowerCase()}`}
                      shortLabel={m.label}
                      value={props.targets[priority][m.key]}
                      error={error ? `${id}-error` : undefined}
                      onChange={(change) => props.onChange(priority, m.key, change)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

/** An amount and its unit; the column header names the measure, or on a phone (no header) the short label above. */
function DurationInput(props: {
  id: string;
  label: string;
  shortLabel: string;
  value: DurationValues;
  error: string | undefined;
  onChange: (change: Partial<DurationValues>) => void;
}) {
  return (
    <div>
      <span aria-hidden="true" className="text-xs text-slate-600 sm:hidden dark:text-slate-400">
        {props.shortLabel}
      </span>
      <div className="flex items-center gap-2">
        <div className="w-24">
          <label htmlFor={props.id} className="sr-only">
            {props.label}
          </label>
          <input
            id={props.id}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={props.value.amount}
            onChange={(e) => props.onChange({ amount: e.target.value })}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error}
            className={control}
          />
        </div>
        <div className="w-28">
          <label htmlFor={`${props.id}-unit`} className="sr-only">
            {props.label} unit
          </label>
          <select
            id={`${props.id}-unit`}
            value={props.value.unit}
            onChange={(e) => props.onChange({ unit: e.target.value === 'minutes' ? 'minutes' : 'hours' })}
            className={control}
          >
            <option value="hours">hours</option>
            <option value="minutes">minutes</option>
          </select>
        </div>
      </div>
    </div>
  );
}
