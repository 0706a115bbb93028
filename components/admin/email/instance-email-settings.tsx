'use client';

import { useState, type FormEvent } from 'react';
import { useEmailSettings, useUpdateEmailSettings, type EmailSettingsChange } from '@/components/data/email';
import { Field, fieldId } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { FormActions } from '@/components/ui/form-actions';
import { FormProblem } from '@/components/ui/form-problem';
import { LoadError, Loading } from '@/components/ui/load-error';
import type { EmailSettingsJson } from '@/lib/email/schema';

const settingsFields = ['acknowledgement', 'tickets_per_sender_per_hour'] as const;

/** SMTP as the server's environment sets it (read only here), and the instance's email settings. */
export function InstanceEmailSettings() {
  const settings = useEmailSettings();
  // Kept here: the form starts anew once a save is stored.
  const [notice, setNotice] = useState('');
  return (
    <section aria-labelledby="email-settings-title" className="mt-8 max-w-3xl">
      <h2 id="email-settings-title" className="text-lg font-semibold">
        Sending and limits
      </h2>
      {settings.isError ? (
        <LoadError what="The email settings" error={settings.error} onRetry={() => void settings.refetch()} className="mt-3" />
      ) : settings.isPending ? (
        <Loading className="mt-3">Loading the email settings…</Loading>
      ) : (
        <>
          <SmtpState settings={settings.data.data} />
          {/* Keyed by the saved values, so a save (or someone else's) starts the form from what is stored. */}
          <SettingsForm key={JSON.stringify(settings.data.data)} settings={settings.data.data} onNotice={setNotice} />
          <p role="status" className="mt-2 text-sm text-emerald-800 empty:hidden dark:text-emerald-300">
            {notice}
          </p>
        </>
      )}
    </section>
  );
}

function SmtpState({ settings }: { settings: EmailSettingsJson }) {
  return settings.smtp_configured ? (
    <p data-testid="smtp-state" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
      SMTP is configured: replies and notifications are sent from <span className="font-mono break-all">{settings.mail_from}</span> unless a mailbox gives its
      own address.
    </p>
  ) : (
    <p
      data-testid="smtp-state"
      className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      SMTP is not configured: nothing is emailed to customers or agents. Set <code className="font-mono">LOOPDESK_SMTP_URL</code> (and{' '}
      <code className="font-mono">LOOPDESK_MAIL_FROM</code>) on the server and restart it.
    </p>
  );
}

function SettingsForm({ settings, onNotice }: { settings: EmailSettingsJson; onNotice: (notice: string) => void }) {
  const [acknowledgement, setAcknowledgement] = useState(settings.acknowledgement);
  const [limit, setLimit] = useState(String(settings.tickets_per_sender_per_hour));
  const form = useFieldErrors({ fields: settingsFields, target: (name) => document.getElementById(fieldId(`email-${name}`)) });
  const update = useUpdateEmailSettings({ onSuccess: () => onNotice('Email settings saved.'), onError: form.showRefusal });
  const ackId = fieldId('email-acknowledgement');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onNotice('');
    const perHour = Number(limit.trim());
    if (!/^\d+$/.test(limit.trim()) || perHour < 1 || perHour > 10_000) {
      return form.show([{ field: 'tickets_per_sender_per_hour', message: 'Must be a whole number from 1 to 10000' }], null);
    }
    form.show([], null);
    const change: EmailSettingsChange = {};
    if (acknowledgement !== settings.acknowledgement) change.acknowledgement = acknowledgement;
    if (perHour !== settings.tickets_per_sender_per_hour) change.tickets_per_sender_per_hour = perHour;
    if (Object.keys(change).length === 0) return onNotice('Nothing to save: the settings are as stored.');
    update.mutate(change);
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="email-settings-title"
      className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div>
        <div className="flex items-center gap-2">
          <input
            id={ackId}
            type="checkbox"
            checked={acknowledgement}
            onChange={(e) => {
              setAcknowledgement(e.target.checked);
              form.clear('acknowledgement');
            }}
            aria-describedby={`${ackId}-hint`}
            className="h-4 w-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          />
          <label htmlFor={ackId} className="text-sm font-medium">
            Acknowledge new tickets by email
          </label>
        </div>
        <p id={`${ackId}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          An automatic reply to a customer whose email opens a ticket, at most one per sender per hour; never to auto-replies or bounces.
        </p>
      </div>
      <Field
        name="email-tickets_per_sender_per_hour"
        label="New tickets per sender per hour"
        error={form.errorOf('tickets_per_sender_per_hour')}
        hint="Beyond this, further emails from the same address are still stored as tickets but notify no one."
      >
        {(control) => (
          <input
            {...control}
            className={`${control.className} max-w-32`}
            type="number"
            min={1}
            max={10_000}
            step={1}
            value={limit}
            onChange={(e) => {
              setLimit(e.target.value);
              form.clear('tickets_per_sender_per_hour');
            }}
          />
        )}
      </Field>
      <FormProblem outcome="Not saved" problem={form.problem} errors={form.errors} unplaced={form.unplaced} />
      <FormActions pending={update.isPending} submit="Save email settings" submitting="Saving…" />
    </form>
  );
}
