'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';

const messages: Record<string, string> = {
  inactive: 'This account has been deactivated. Ask an admin to reactivate it.',
  throttled: 'Too many sign-in attempts. Wait a few minutes and try again.',
  credentials: 'Wrong email or password.',
};

type Missing = { email?: string; password?: string };

/** What is left empty is said on its field before anything is sent, so a slip never spends one of the sign-in attempts. */
function missingFields(email: string, password: string): Missing {
  return { ...(email.trim() ? {} : { email: 'Enter your email address' }), ...(password ? {} : { password: 'Enter your password' }) };
}

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<Missing>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    const problems = missingFields(email, password);
    setMissing(problems);
    if (problems.email || problems.password) {
      event.currentTarget.querySelector<HTMLInputElement>(problems.email ? '#email' : '#password')?.focus();
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email,
      password,
      remember: form.get('remember') === 'on' ? 'true' : 'false',
      redirect: false,
    });
    setPending(false);
    if (result?.error) {
      setError(messages[result.code ?? ''] ?? messages.credentials!);
      return;
    }
    router.replace(next);
    router.refresh();
  }

  const field =
    'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:aria-[invalid=true]:border-red-400 dark:bg-slate-800 dark:text-slate-100';
  return (
    <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          aria-invalid={missing.email ? true : undefined}
          aria-describedby={missing.email ? 'email-missing' : undefined}
          onChange={() => setMissing((m) => ({ ...m, email: undefined }))}
          className={field}
        />
        <FieldMissing id="email-missing" message={missing.email} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={missing.password ? true : undefined}
          aria-describedby={missing.password ? 'password-missing' : undefined}
          onChange={() => setMissing((m) => ({ ...m, password: undefined }))}
          className={field}
        />
        <FieldMissing id="password-missing" message={missing.password} />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input name="remember" type="checkbox" className="h-4 w-4 rounded border-slate-300" />
        Remember me for 30 days
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}

function FieldMissing({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}
