'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * A secret the server returns once (a new API key, a webhook's signing secret), shown with a Copy
 * button and a warning. It lives only in this component's props: gone on Done or when the page is
 * left. The webhook screens use it too; with a second user it would sit in components/ui.
 */
export function OneTimeSecret(props: { title: string; what: string; value: string; testId: string; children?: ReactNode; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = `${props.testId}-title`;
  useEffect(() => heading.current?.focus(), []);

  return (
    <section
      aria-labelledby={titleId}
      className="mt-4 max-w-3xl space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <h2 id={titleId} ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {props.title}
      </h2>
      {props.children}
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid={props.testId}
          className="rounded border border-slate-300 bg-white px-2 py-1 font-mono text-base break-all select-all dark:border-slate-600 dark:bg-slate-900"
        >
          {props.value}
        </code>
        <CopyButton value={props.value} what={props.what} />
      </div>
      <p className="font-medium text-amber-900 dark:text-amber-200">
        This {props.what} will not be shown again. Copy it now and keep it somewhere safe, such as a password manager or your integration&apos;s secret store.
      </p>
      <Button onClick={props.onDone}>Done</Button>
    </section>
  );
}
