'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { OneTimeSecret } from '@/components/ui/one-time-secret';
import type { NewOAuthAppJson } from '@/lib/oauth/schema';

/** An app's client_id: public, shown whenever the app is, with a Copy button for pasting into the app's settings. */
export function ClientId({ value }: { value: string }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <code data-testid="oauth-client-id" className="font-mono break-all select-all">
        {value}
      </code>
      <CopyButton value={value} what="client ID" className="text-sm text-slate-700 empty:hidden dark:text-slate-300" />
    </span>
  );
}

/**
 * What an app's developer needs after create or rotate-secret: the client_id and, for a confidential
 * app, the client secret, shown this once. A public app has no secret: its client_id is all there is.
 */
export function ClientCredentials({
  app,
  rotated,
  onDone,
}: {
  app: Pick<NewOAuthAppJson, 'name' | 'client_id' | 'client_secret'>;
  rotated: boolean;
  onDone: () => void;
}) {
  // The form that made the app is gone: focus moves to this panel's heading (OneTimeSecret does the same).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const clientId = (
    <p>
      Client ID: <ClientId value={app.client_id} />
    </p>
  );
  if (app.client_secret === null) {
    return (
      <section
        aria-labelledby="oauth-app-created-title"
        className="mt-4 max-w-3xl space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950"
      >
        <h2 id="oauth-app-created-title" ref={heading} tabIndex={-1} className="text-lg font-semibold">
          OAuth app “{app.name}” created
        </h2>
        {clientId}
        <p>It is a public app: it has no client secret, and proves itself with PKCE on every authorization.</p>
        <Button onClick={onDone}>Done</Button>
      </section>
    );
  }
  return (
    <OneTimeSecret
      title={rotated ? `New client secret for ${app.name}` : `OAuth app “${app.name}” created`}
      what="client secret"
      value={app.client_secret}
      testId="oauth-client-secret"
      onDone={onDone}
    >
      {clientId}
      <p>{rotated ? 'The previous secret stops working now: update the app with this one. ' : ''}The client secret:</p>
    </OneTimeSecret>
  );
}
