'use client';

import { useState } from 'react';
import { useNotificationPreferences, useUpdateNotificationPreferences } from '@/components/data/email';
import { LoadError, Loading } from '@/components/ui/load-error';
import type { InAppNotificationsJson, NotificationPreferencesJson } from '@/lib/email/schema';

type Preference = Exclude<keyof NotificationPreferencesJson, 'in_app'>;
type InAppPreference = keyof InAppNotificationsJson;

const preferences: { key: Preference; label: string; hint: string }[] = [
  { key: 'ticket_assigned', label: 'A ticket is assigned to me', hint: 'By another agent, a rule or the API; not when you take it yourself.' },
  { key: 'customer_replied', label: 'A customer replies on my ticket', hint: 'A reply on a ticket assigned to you, by email or through the API.' },
  { key: 'new_ticket_in_department', label: 'A new ticket arrives in my department', hint: 'Every new ticket in any department you belong to.' },
];

const inAppPreferences: { key: InAppPreference; label: string; hint: string }[] = [
  { key: 'mention', label: 'Mentions of me in notes', hint: 'An agent writes @ and your name in an internal note.' },
  { key: 'assigned', label: 'Tickets assigned to me', hint: 'By another agent, a rule or the API; not when you take it yourself.' },
  { key: 'customer_replied', label: 'Customer replies on my tickets', hint: 'A reply on a ticket assigned to you, by email or through the API.' },
  {
    key: 'sla_warning',
    label: 'SLA deadlines coming up on my tickets',
    hint: 'A first response or resolution target of your ticket runs out within 30 minutes.',
  },
  { key: 'sla_breached', label: 'SLA breaches on my tickets', hint: 'A target of your ticket ran out.' },
];

type Switch = { id: string; label: string; hint: string; on: boolean; set: (on: boolean) => void };

function SwitchList({ switches }: { switches: Switch[] }) {
  return (
    <ul className="mt-3 space-y-3">
      {switches.map(({ id, label, hint, on, set }) => (
        <li key={id}>
          <div className="flex items-center gap-2">
            <input
              id={id}
              type="checkbox"
              role="switch"
              aria-checked={on}
              checked={on}
              onChange={(e) => set(e.target.checked)}
              aria-describedby={`${id}-hint`}
              className="h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            />
            <label htmlFor={id} className="text-sm font-medium">
              {label}
            </label>
          </div>
          <p id={`${id}-hint`} className="mt-0.5 ml-6 text-xs text-slate-600 dark:text-slate-400">
            {hint}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The emails the signed-in agent gets; each switch saves at once. */
export function NotificationSettings() {
  const current = useNotificationPreferences();
  const update = useUpdateNotificationPreferences();
  const [notice, setNotice] = useState('');

  function change(key: Preference, on: boolean) {
    setNotice('');
    update.mutate({ [key]: on }, { onSuccess: () => setNotice('Notification settings saved.') });
  }

  function changeInApp(key: InAppPreference, on: boolean) {
    setNotice('');
    update.mutate({ in_app: { [key]: on } }, { onSuccess: () => setNotice('Notification settings saved.') });
  }

  return (
    <section aria-labelledby="notifications-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="notifications-title" className="font-medium">
        Notifications
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Emails to you when:</p>
      {current.isError ? (
        <LoadError what="Your notification settings" error={current.error} onRetry={() => void current.refetch()} className="mt-3" />
      ) : current.isPending ? (
        <Loading className="mt-3">Loading your notification settings…</Loading>
      ) : (
        <>
          <SwitchList
            switches={preferences.map(({ key, label, hint }) => ({
              id: `notify-${key}`,
              label,
              hint,
              on: current.data.data[key],
              set: (on) => change(key, on),
            }))}
          />
          <h3 className="mt-5 text-sm font-medium">In the desk</h3>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">The bell in the header lists:</p>
          <SwitchList
            switches={inAppPreferences.map(({ key, label, hint }) => ({
              id: `notify-in-app-${key}`,
              label,
              hint,
              on: current.data.data.in_app[key],
              set: (on) => changeInApp(key, on),
            }))}
          />
        </>
      )}
      <p aria-live="polite" className="mt-3 text-sm text-emerald-800 empty:hidden dark:text-emerald-300">
        {notice}
      </p>
      {update.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          Not saved: {update.error.message}
        </p>
      )}
    </section>
  );
}
