'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * The new agent's first password, shown this once: it lives only in this component's props and is
 * gone when Done is pressed or the page is left. The server keeps only its hash.
 */
export function FirstPasswordNotice({ name, email, password, onDone }: { name: string; email: string; password: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section
      aria-labelledby="first-password-title"
      className="mt-4 max-w-3xl space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <h2 id="first-password-title" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {name} can now sign in
      </h2>
      <p>
        Their email is <strong>{email}</strong> and their first password is:
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="first-password"
          className="rounded border border-slate-300 bg-white px-2 py-1 font-mono text-base select-all dark:border-slate-600 dark:bg-slate-900"
        >
          {password}
        </code>
        <CopyButton value={password} what="password" />
      </div>
      <p className="text-slate-800 dark:text-slate-200">
        This is the only time it is shown. Hand it over securely — in person or through a password manager, not in a ticket or a plain email.
      </p>
      <Button onClick={onDone}>Done</Button>
    </section>
  );
}
