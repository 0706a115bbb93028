'use client';

import { useRef, useState, type FormEvent } from 'react';
import { changedFields, checkBody } from '@/components/data/forms';
import { useDepartments } from '@/components/data/organisation';
import { useCreateSlaPolicy, useUpdateSlaPolicy } from '@/components/data/sla-policies';
import { Field, fieldId } from '@/components/ui/field';
import { baseField, useFieldErrors } from '@/components/ui/field-errors';
import { createOrSave, FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { useTimeZone } from '@/components/ui/time';
import { TimeZoneOptions } from '@/components/ui/time-zone-options';
import { createSlaPolicySchema, updateSlaPolicySchema, weekdays, type SlaPolicyJson, type Weekday } from '@/lib/sla/schema';
import type { TicketPriority } from '@/lib/tickets/schema';
import { BusinessHoursFieldset, HolidaysFieldset, TargetsFieldset } from './sla-policy-fieldsets';
import { bodyOf, prioritiesByUrgency, valuesOf, type DayValues, type DurationValues, type SlaPolicyValues, type TargetValues } from './sla-policy-values';

// In the order the form shows them: the first with an error takes the focus. A day's hours and a
// priority's targets are fields of their own, so that an error shows on its row.
const fields = [
  'name',
  'department_id',
  'time_zone',
  'business_hours',
  ...weekdays.map((day) => `business_hours.${day}`),
  'holidays',
  'targets',
  ...prioritiesByUrgency.map((p) => `targets.${p}`),
] as const;

/** A new SLA policy (no `policy`) or the edit of one. */
export function SlaPolicyForm(props: { policy?: SlaPolicyJson; onDone: () => void }) {
  const { policy } = props;
  const { zone } = useTimeZone();
  const [initial] = useState(() => valuesOf(policy, zone));
  const [values, setValues] = useState<SlaPolicyValues>(initial);
  const departments = useDepartments();
  // The days of the spans last checked or sent, in order: an error on `business_hours[2]` is that day's.
  const sentDays = useRef<Weekday[]>([]);
  const { problem, errors, show, showRefusal, clear, errorOf, unplaced } = useFieldErrors({
    fields,
    fieldOf: (field) => {
      const target = /^targets\.(low|normal|high|urgent)\b/.exec(field);
      if (target) return `targets.${target[1]}`;
      const span = /^business_hours\[(\d+)\]/.exec(field);
      const day = span && sentDays.current[Number(span[1])];
      return day ? `business_hours.${day}` : baseField(field);
    },
    // "Set targets for at least one priority": the first priority's first amount.
    target: (name) => document.getElementById(fieldId(name === 'targets' ? 'targets.urgent' : name)),
  });
  const titleId = policy ? `edit-sla-policy-${policy.id}-title` : 'new-sla-policy-title';
  const create = useCreateSlaPolicy({ onSuccess: props.onDone, onError: showRefusal });
  const update = useUpdateSlaPolicy({ onSuccess: props.onDone, onError: showRefusal });
  const save = policy ? update : create;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!values.around_the_clock && weekdays.every((day) => !values.days[day].open)) {
      return show([{ field: 'business_hours', message: 'Open at least one day, or choose around the clock' }], null);
    }
    const body = bodyOf(values, policy);
    sentDays.current = body.business_hours?.map((span) => span.day) ?? [];
    // Only what changed is sent: a day the form shows one span of keeps its others unless its hours were edited.
    const change = policy ? changedFields(bodyOf(initial, policy), body) : body;
    if (policy && Object.keys(change).length === 0) return props.onDone();
    const check = policy ? checkBody(updateSlaPolicySchema, change) : checkBody(createSlaPolicySchema, body);
    show(check.ok ? [] : check.details, null);
    if (!check.ok) return;
    if (policy) update.mutate({ id: policy.id, change });
    else create.mutate(body);
  }

  function change(patch: Partial<SlaPolicyValues>, field: string) {
    setValues((current) => ({ ...current, ...patch }));
    clear(field);
  }

  function changeDay(day: Weekday, patch: Partial<DayValues>) {
    setValues((current) => ({ ...current, days: { ...current.days, [day]: { ...current.days[day], ...patch } } }));
    clear(`business_hours.${day}`);
    clear('business_hours');
  }

  function changeTarget(priority: TicketPriority, measure: keyof TargetValues, patch: Partial<DurationValues>) {
    setValues((current) => {
      const target = current.targets[priority];
      return { ...current, targets: { ...current.targets, [priority]: { ...target, [measure]: { ...target[measure], ...patch } } } };
    });
    clear(`targets.${priority}`);
    clear('targets');
  }

  const listed = departments.data ?? [];
  // The policy's own department stays offered while the list loads (or if it is not in it).
  const options = policy?.department && !listed.some((d) => d.id === policy.department?.id) ? [policy.department, ...listed] : listed;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={titleId}
      className="mt-4 max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {policy ? `Edit the SLA policy “${policy.name}”` : 'New SLA policy'}
      </h2>
      <Field name="name" label="Name" required error={errorOf('name')}>
        {(control) => <input {...control} autoComplete="off" autoFocus value={values.name} onChange={(e) => change({ name: e.target.value }, 'name')} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="department_id"
          label="Applies to"
          error={errorOf('department_id')}
          hint="A department’s tickets, or every ticket no department’s policy covers."
        >
          {(control) => (
            <select {...control} value={values.department} onChange={(e) => change({ department: e.target.value }, 'department_id')}>
              <option value="">Every other ticket</option>
              {options.map((d) => (
                <option key={d.id} value={String(d.id)}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="time_zone" label="Time zone" required error={errorOf('time_zone')} hint="Of the business hours and holidays, e.g. Europe/London.">
          {(control) => (
            <>
              <input
                {...control}
                list="sla-time-zones"
                autoComplete="off"
                spellCheck={false}
                value={values.time_zone}
                onChange={(e) => change({ time_zone: e.target.value }, 'time_zone')}
              />
              <TimeZoneOptions id="sla-time-zones" />
            </>
          )}
        </Field>
      </div>
      <BusinessHoursFieldset
        aroundTheClock={values.around_the_clock}
        days={values.days}
        errorOf={errorOf}
        onAroundTheClock={(on) => change({ around_the_clock: on }, 'business_hours')}
        onDay={changeDay}
      />
      <HolidaysFieldset holidays={values.holidays} error={errorOf('holidays')} onChange={(holidays) => change({ holidays }, 'holidays')} />
      <TargetsFieldset targets={values.targets} errorOf={errorOf} onChange={changeTarget} />
      <FormProblem outcome="Not saved" problem={problem} errors={errors} unplaced={unplaced} />
      <FormActions pending={save.isPending} {...createOrSave(Boolean(policy), 'Create policy')} onCancel={props.onDone} />
    </form>
  );
}
