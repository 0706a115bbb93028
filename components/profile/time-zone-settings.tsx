'use client';

import { useState } from 'react';
import { useUpdatePreferences } from '@/components/data/me';
import { useBrowserValue } from '@/components/ui/browser-value';
import { Field } from '@/components/ui/field';
import { useTimeZone } from '@/components/ui/time';
import { browserTimeZone, timeZoneAbbreviation } from '@/lib/zoned-time';

let zones: string[] | undefined;
const noZones: string[] = [];
// The runtime's list leaves out UTC; the server renders none, so its list never differs from the browser's.
const zoneList = () => (zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone')]);

/** The zone the desk shows times in for the signed-in agent: their browser's, or one they choose. Saves at once. */
export function TimeZoneSettings() {
  const { zone, chosen } = useTimeZone();
  const browser = useBrowserValue<string | null>(browserTimeZone, null);
  const listed = useBrowserValue(zoneList, noZones);
  const [notice, setNotice] = useState('');
  const update = useUpdatePreferences({ onSuccess: () => setNotice('Time zone saved.') });
  const value = chosen ? zone : '';
  // A zone saved under a name the browser's list spells otherwise (Asia/Kolkata) is still offered.
  const options = value && !listed.includes(value) ? [value, ...listed] : listed;

  return (
    <section aria-labelledby="time-zone-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="time-zone-title" className="font-medium">
        Time zone
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        Every time on the desk is shown in this zone, and the times you type are read in it. Now: {zone} ({timeZoneAbbreviation(zone)}).
      </p>
      <div className="mt-3">
        <Field name="time_zone" label="Time zone" error={update.isError ? `Not saved: ${update.error.message}` : undefined}>
          {(control) => (
            <select
              {...control}
              value={value}
              disabled={update.isPending}
              onChange={(e) => {
                setNotice('');
                update.mutate({ time_zone: e.target.value || null });
              }}
            >
              <option value="">{browser ? `Your browser’s (${browser})` : 'Your browser’s'}</option>
              {options.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <p aria-live="polite" className="mt-3 text-sm text-emerald-800 empty:hidden dark:text-emerald-300">
        {notice}
      </p>
    </section>
  );
}
