import type { BusinessHoursSpan, SlaPolicy, SlaTargets } from '@/db/schema';
import { ticketPriorities } from '@/lib/tickets/schema';
import { isoTime } from '@/lib/time';
import { minutesOfClock, weekdays, type CreateSlaPolicyInput, type SlaPolicyJson } from './schema';

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The API's spans ({day: "monday", start: "09:00"}) as the SQL clocks read them ({day: 1, start: 540}). */
export function toStoredHours(spans: CreateSlaPolicyInput['business_hours']): BusinessHoursSpan[] | null {
  return spans?.map((s) => ({ day: weekdays.indexOf(s.day) + 1, start: minutesOfClock(s.start), end: minutesOfClock(s.end) })) ?? null;
}

export function toStoredTargets(targets: CreateSlaPolicyInput['targets']): SlaTargets {
  return Object.fromEntries(
    ticketPriorities.flatMap((p) => {
      const t = targets[p];
      return t ? [[p, { first_response: t.first_response_minutes, resolution: t.resolution_minutes }]] : [];
    }),
  );
}

export function toSlaPolicyJson(policy: SlaPolicy, department: { id: number; name: string } | null): SlaPolicyJson {
  const target = (p: (typeof ticketPriorities)[number]) => {
    const t = policy.targets[p];
    return t ? { first_response_minutes: t.first_response, resolution_minutes: t.resolution } : null;
  };
  return {
    id: policy.id,
    name: policy.name,
    department,
    time_zone: policy.timeZone,
    business_hours:
      policy.businessHours
        ?.toSorted((a, b) => a.day - b.day || a.start - b.start)
        .map((s) => ({ day: weekdays[s.day - 1]!, start: clock(s.start), end: clock(s.end) })) ?? null,
    holidays: policy.holidays,
    targets: { low: target('low'), normal: target('normal'), high: target('high'), urgent: target('urgent') },
    created_at: isoTime(policy.createdAt),
    updated_at: isoTime(policy.updatedAt),
  };
}
