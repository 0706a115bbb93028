import { label } from '@/components/ui/labels';
import type { NewSlaPolicy } from '@/components/data/sla-policies';
import { weekdays, type SlaPolicyJson, type Weekday } from '@/lib/sla/schema';
import { ticketPriorities, type TicketPriority } from '@/lib/tickets/schema';

export type DurationUnit = 'minutes' | 'hours';
export type DurationValues = { amount: string; unit: DurationUnit };
export type DayValues = { open: boolean; start: string; end: string };
export type TargetValues = { first_response: DurationValues; resolution: DurationValues };

/** What the form holds: text as typed, one span of hours per day, each target as an amount and a unit. */
export type SlaPolicyValues = {
  name: string;
  /** A department's id, or '' for every other ticket. */
  department: string;
  time_zone: string;
  around_the_clock: boolean;
  days: Record<Weekday, DayValues>;
  holidays: string[];
  targets: Record<TicketPriority, TargetValues>;
};

/** Most to least pressing, as an admin thinks of them. */
export const prioritiesByUrgency = [...ticketPriorities].reverse();

export const dayNames: Record<Weekday, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

// A time input cannot say 24:00: an end of 00:00 stands for midnight at the end of the day, which a span may end at.
const END_OF_DAY = '24:00';
const endToInput = (end: string) => (end === END_OF_DAY ? '00:00' : end);
const endFromInput = (end: string) => (end === '00:00' ? END_OF_DAY : end);

const noTarget = (): TargetValues => ({ first_response: { amount: '', unit: 'hours' }, resolution: { amount: '', unit: 'hours' } });

/** Whole hours are shown in hours, anything else in minutes, so an amount is never a fraction. */
function durationValues(minutes: number | null): DurationValues {
  if (minutes === null) return { amount: '', unit: 'hours' };
  return minutes % 60 === 0 ? { amount: String(minutes / 60), unit: 'hours' } : { amount: String(minutes), unit: 'minutes' };
}

/** An empty amount is no target; anything else is sent as minutes for the API's own check. */
function durationMinutes({ amount, unit }: DurationValues): number | null {
  if (amount.trim() === '') return null;
  return Number(amount) * (unit === 'hours' ? 60 : 1);
}

/** The form's values for a policy, or for a new one (office hours Monday to Friday in `zone`). */
export function valuesOf(policy: SlaPolicyJson | undefined, zone: string): SlaPolicyValues {
  const days = Object.fromEntries(
    weekdays.map((day) => {
      // A day the form shows holds one span: the day's first.
      const span = policy?.business_hours?.find((s) => s.day === day);
      const weekday = day !== 'saturday' && day !== 'sunday';
      return [day, span ? { open: true, start: span.start, end: endToInput(span.end) } : { open: !policy && weekday, start: '09:00', end: '17:00' }];
    }),
  ) as Record<Weekday, DayValues>;
  const targets = Object.fromEntries(
    ticketPriorities.map((p) => {
      const t = policy?.targets[p];
      return [p, t ? { first_response: durationValues(t.first_response_minutes), resolution: durationValues(t.resolution_minutes) } : noTarget()];
    }),
  ) as Record<TicketPriority, TargetValues>;
  return {
    name: policy?.name ?? '',
    department: policy?.department ? String(policy.department.id) : '',
    time_zone: policy?.time_zone ?? zone,
    around_the_clock: policy ? policy.business_hours === null : false,
    days,
    holidays: policy?.holidays ?? [],
    targets,
  };
}

/**
 * A day's spans: the form shows a day's first span only, so a day left as it was shown keeps every
 * span it had (a lunch break set through the API survives an edit of another day).
 */
function spansOf(day: Weekday, shown: DayValues, original: SlaPolicyJson | undefined) {
  if (!shown.open) return [];
  const had = original?.business_hours?.filter((s) => s.day === day) ?? [];
  const end = endFromInput(shown.end);
  if (had[0] && had[0].start === shown.start && had[0].end === end) return had.map((s) => ({ day, start: s.start, end: s.end }));
  return [{ day, start: shown.start, end }];
}

/** The API body the values stand for; a priority with both amounts empty has no target. */
export function bodyOf(values: SlaPolicyValues, original?: SlaPolicyJson): NewSlaPolicy {
  return {
    name: values.name,
    department_id: values.department ? Number(values.department) : null,
    time_zone: values.time_zone,
    business_hours: values.around_the_clock ? null : weekdays.flatMap((day) => spansOf(day, values.days[day], original)),
    holidays: values.holidays,
    targets: Object.fromEntries(
      ticketPriorities.map((p) => {
        const first = durationMinutes(values.targets[p].first_response);
        const resolution = durationMinutes(values.targets[p].resolution);
        return [p, first === null && resolution === null ? null : { first_response_minutes: first, resolution_minutes: resolution }];
      }),
    ) as NewSlaPolicy['targets'],
  };
}

const shortDay = (day: Weekday) => dayNames[day].slice(0, 3);

/** "Mon–Fri 09:00–17:00, Sat 10:00–14:00": runs of days with the same hours, or "Around the clock". */
export function hoursSummary(hours: SlaPolicyJson['business_hours']): string {
  if (hours === null) return 'Around the clock';
  const runs: { first: Weekday; last: Weekday; hours: string }[] = [];
  weekdays.forEach((day, i) => {
    const spans = hours.filter((s) => s.day === day);
    if (spans.length === 0) return;
    const text = spans.map((s) => `${s.start}–${s.end}`).join(', ');
    const run = runs.at(-1);
    if (run && run.hours === text && weekdays.indexOf(run.last) === i - 1) run.last = day;
    else runs.push({ first: day, last: day, hours: text });
  });
  return runs.map((r) => `${r.first === r.last ? shortDay(r.first) : `${shortDay(r.first)}–${shortDay(r.last)}`} ${r.hours}`).join('; ');
}

/** 90 → "1 h 30 min", 240 → "4 h", 45 → "45 min". */
export function durationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours && `${hours} h`, rest && `${rest} min`].filter(Boolean).join(' ');
}

/** One line per priority with targets: "Urgent: first response 1 h, resolution 4 h". */
export function targetLines(targets: SlaPolicyJson['targets']): string[] {
  return prioritiesByUrgency.flatMap((p) => {
    const t = targets[p];
    if (!t) return [];
    const parts = [
      t.first_response_minutes !== null && `first response ${durationText(t.first_response_minutes)}`,
      t.resolution_minutes !== null && `resolution ${durationText(t.resolution_minutes)}`,
    ].filter(Boolean);
    return [`${label(p)}: ${parts.join(', ')}`];
  });
}
