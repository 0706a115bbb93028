'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { useAuthorizedApps, useRevokeAuthorizedApp } from '@/components/data/oauth-apps';
import { ScopeList } from '@/components/scope-list';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Time } from '@/components/ui/time';
import type { AuthorizedAppJson } from '@/lib/oauth/schema';

/** The apps the signed-in agent lets act for them, what each may do, and a way to take that back. */
export function AuthorizedApps() {
  const [confirming, setConfirming] = useState<AuthorizedAppJson | null>(null);
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<{ id: number; message: string } | null>(null);
  const list = useAuthorizedApps();
  const rows = list.data?.data ?? [];
  // The revoked row and its button go: focus moves to the page's heading, above the notice.
  const heading = useRef<HTMLHeadingElement>(null);

  const revoke = useRevokeAuthorizedApp({
    onMutate: () => {
      setNotice('');
      setProblem(null);
    },
    onSuccess: (_, authorized) => {
      setNotice(`${authorized.app.name} can no longer act for you.`);
      heading.current?.focus();
    },
    onError: (error, authorized) => setProblem({ id: authorized.app.id, message: error.message }),
  });

  return (
    <section aria-labelledby="authorized-apps-title" className="mx-auto max-w-3xl p-6">
      <Link href="/profile" className="text-sm text-indigo-700 underline dark:text-indigo-300">
        Your profile
      </Link>
      <h1 id="authorized-apps-title" ref={heading} tabIndex={-1} className="mt-2 text-xl font-semibold">
        Authorized apps
      </h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        Apps you let act for you, with what you allowed. They never do more than your role allows. Revoke one and it loses access at once; it has to ask you
        again to get it back.
      </p>
      <p role="status" className="mt-3 text-sm text-emerald-800 empty:hidden dark:text-emerald-300">
        {notice}
      </p>

      {list.isError ? (
        <LoadError what="Your authorized apps" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading your authorized apps…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No app can act for you. When an app asks for access and you allow it, it is listed here.
        </p>
      ) : (
        <ul className="mt-4 space-y-3">
          {rows.map((authorized) => (
            <li
              key={authorized.app.id}
              data-testid="authorized-app"
              className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="flex flex-wrap items-start gap-2">
                <div className="mr-auto min-w-0">
                  <h2 id={`authorized-app-${authorized.app.id}`} className="font-medium">
                    {authorized.app.name}
                  </h2>
                  {authorized.app.description && <p className="text-sm text-slate-700 dark:text-slate-300">{authorized.app.description}</p>}
                </div>
                <Button variant="secondary" disabled={revoke.isPending} onClick={() => setConfirming(authorized)}>
                  Revoke<span className="sr-only"> {authorized.app.name}</span>
                </Button>
              </div>
              <p className="mt-2 text-sm">It may:</p>
              <ScopeList scopes={authorized.scopes} className="mt-1 text-sm" />
              <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
                Authorized <Time value={authorized.authorized_at} /> · last used {authorized.last_used_at ? <Time value={authorized.last_used_at} /> : 'never'}
              </p>
              {problem?.id === authorized.app.id && (
                <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
                  Not revoked: {problem.message}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}

      {confirming && (
        <ConfirmDialog
          title={`Revoke ${confirming.app.name}?`}
          confirmLabel="Revoke"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            revoke.mutate(confirming);
            setConfirming(null);
          }}
        >
          {confirming.app.name} stops acting for you at once. To use it again, you will have to allow it again.
        </ConfirmDialog>
      )}
    </section>
  );
}
