'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { Button } from '@/components/ui/button';
import { FormActions } from '@/components/ui/form-actions';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { useFieldErrors } from '@/components/ui/field-errors';
import { FormProblem } from '@/components/ui/form-problem';
import { useChangePassword, useSignOutElsewhere } from '@/components/data/me';
import { NotificationSettings } from './notification-settings';
import { TimeZoneSettings } from './time-zone-settings';

const passwordFields = ['current_password', 'password'] as const;

/** The signed-in agent's own settings: their password, their time zone, the emails they get, the apps they authorized, and ending their sessions on other devices. */
export function ProfileSettings() {
  const me = useCurrentAgent();
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState(false);
  const form = useFieldErrors({ fields: passwordFields });

  const changePassword = useChangePassword({
    onSuccess: () => setNotice('Password changed. Your other sessions have been signed out.'),
    onError: form.showRefusal,
  });
  const signOutElsewhere = useSignOutElsewhere({
    onSuccess: ({ data }) => setNotice(`Signed out of ${data.ended_sessions} other ${data.ended_sessions === 1 ? 'session' : 'sessions'}.`),
    onError: (error: Error) => setNotice(error.message),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice('');
    const element = event.currentTarget;
    const data = new FormData(element);
    const password = String(data.get('password') ?? '');
    if (password !== data.get('confirm')) return form.show([{ field: 'password', message: 'The two new passwords differ' }], null);
    form.show([], null);
    changePassword.mutate({ current_password: String(data.get('current_password') ?? ''), password }, { onSuccess: () => element.reset() });
  }

  return (
    <section aria-labelledby="profile-title" className="mx-auto max-w-xl p-6">
      <h1 id="profile-title" className="text-xl font-semibold">
        Your profile
      </h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {me.name} · {me.email}
      </p>
      <p role="status" className="mt-3 text-sm text-emerald-800 empty:hidden dark:text-emerald-300">
        {notice}
      </p>

      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="font-medium">Change password</h2>
        <Field name="current_password" label="Current password" required error={form.errorOf('current_password')}>
          {(c) => <input {...c} name="current_password" type="password" autoComplete="current-password" onChange={() => form.clear('current_password')} />}
        </Field>
        <Field name="password" label="New password" required hint="At least 12 characters; a common password is refused." error={form.errorOf('password')}>
          {(c) => <input {...c} name="password" type="password" autoComplete="new-password" onChange={() => form.clear('password')} />}
        </Field>
        <Field name="confirm" label="New password again" required>
          {(c) => <input {...c} name="confirm" type="password" autoComplete="new-password" />}
        </Field>
        <FormProblem outcome="Password not changed" problem={form.problem} errors={form.errors} unplaced={form.unplaced} />
        <FormActions pending={changePassword.isPending} submit="Change password" submitting="Changing…" />
      </form>

      <TimeZoneSettings />

      <NotificationSettings />

      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="font-medium">My macros</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Canned replies only you can insert from the composer.</p>
        <Link href="/settings/macros" className="mt-3 inline-block text-sm text-indigo-700 underline dark:text-indigo-300">
          Manage my macros
        </Link>
      </div>

      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="font-medium">Authorized apps</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">See the apps you let act for you, and revoke any of them.</p>
        <Link href="/settings/authorized-apps" className="mt-3 inline-block text-sm text-indigo-700 underline dark:text-indigo-300">
          Manage authorized apps
        </Link>
      </div>

      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="font-medium">Sessions</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Lost a device, or signed in on a shared computer? End every session but this one.</p>
        <Button className="mt-3" variant="secondary" disabled={signOutElsewhere.isPending} onClick={() => setConfirming(true)}>
          Sign out everywhere else
        </Button>
      </div>

      {confirming && (
        <ConfirmDialog
          title="Sign out everywhere else?"
          confirmLabel="Sign out other sessions"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            signOutElsewhere.mutate();
          }}
        >
          Every other browser signed in as you must sign in again. This one stays signed in.
        </ConfirmDialog>
      )}
    </section>
  );
}
