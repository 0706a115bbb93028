'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAgents } from '@/components/data/agents';
import { ApiError } from '@/components/data/api';
import { useDeleteOAuthApp, useOAuthApp, useRotateOAuthAppSecret } from '@/components/data/oauth-apps';
import { ScopeList } from '@/components/scope-list';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Time } from '@/components/ui/time';
import type { OAuthAppWithSecretJson } from '@/lib/oauth/schema';
import { ClientCredentials, ClientId } from './client-credentials';
import { ClientTypeBadges } from './client-type';
import { OAuthAppForm } from './oauth-app-form';
import { OAuthAppGrants } from './oauth-app-grants';

type Confirming = 'rotate' | 'delete' | null;

const term = 'text-slate-600 dark:text-slate-400';

/** One OAuth app: its credentials and settings, its actions (edit, rotate the secret, delete) and who authorized it. */
export function OAuthAppDetail({ id }: { id: number }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [rotated, setRotated] = useState<OAuthAppWithSecretJson | null>(null);
  const one = useOAuthApp(id);
  const app = one.data?.data;
  // Only active agents are listed; an app made by a deactivated agent or the CLI shows the id or a dash.
  const agents = useAgents();
  const agentName = (agentId: number) => agents.data?.find((a) => a.id === agentId)?.name ?? `Agent #${agentId}`;

  const rotate = useRotateOAuthAppSecret(id, { onSuccess: ({ data }) => setRotated(data) });
  const remove = useDeleteOAuthApp(id, { onSuccess: () => router.push('/admin/oauth-apps') });

  if (one.isError) {
    if (one.error instanceof ApiError && one.error.status === 404) {
      return (
        <div>
          <h1 className="text-xl font-semibold">No such OAuth app</h1>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
            It may have been deleted.{' '}
            <Link href="/admin/oauth-apps" className="text-indigo-700 underline dark:text-indigo-300">
              Back to the OAuth apps
            </Link>
          </p>
        </div>
      );
    }
    return <LoadError what="The OAuth app" error={one.error} onRetry={() => void one.refetch()} className="" />;
  }
  if (!app) return <Loading className="">Loading the OAuth app…</Loading>;

  return (
    <div>
      <Link href="/admin/oauth-apps" className="text-sm text-indigo-700 underline dark:text-indigo-300">
        All OAuth apps
      </Link>
      <section aria-labelledby="oauth-app-title" className="mt-2">
        <div className="flex flex-wrap items-start gap-2">
          <div className="mr-auto min-w-0">
            <h1 id="oauth-app-title" className="text-xl font-semibold">
              {app.name}
            </h1>
            {app.description && <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{app.description}</p>}
          </div>
          <ClientTypeBadges app={app} />
        </div>

        <dl className="mt-3 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className={term}>Client ID</dt>
          <dd>
            <ClientId value={app.client_id} />
          </dd>
          <dt className={term}>Client secret</dt>
          <dd>{app.confidential ? 'Set; shown only when created or rotated' : 'None: a public app proves itself with PKCE'}</dd>
          <dt className={term}>Redirect URIs</dt>
          <dd>
            <ul className="font-mono text-xs break-all">
              {app.redirect_uris.map((uri) => (
                <li key={uri}>{uri}</li>
              ))}
            </ul>
          </dd>
          <dt className={term}>Scopes</dt>
          <dd>
            <ScopeList scopes={app.scopes} />
          </dd>
          <dt className={term}>Logo</dt>
          <dd className="font-mono text-xs break-all">{app.logo_url ?? <span className={`font-sans text-sm ${term}`}>None</span>}</dd>
          <dt className={term}>Created</dt>
          <dd>
            <Time value={app.created_at} />
            {app.created_by !== null && !agents.isPending && ` by ${agentName(app.created_by)}`}
          </dd>
        </dl>

        <div className="mt-4 flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setEditing(true)} disabled={editing}>
            Edit
          </Button>
          {app.confidential && (
            <Button variant="secondary" onClick={() => setConfirming('rotate')} disabled={rotate.isPending}>
              Rotate secret
            </Button>
          )}
          <Button variant="ghost" onClick={() => setConfirming('delete')} disabled={remove.isPending}>
            Delete
          </Button>
        </div>
        {[
          { failed: rotate.error, what: 'The secret was not rotated' },
          { failed: remove.error, what: 'The app was not deleted' },
        ].map(({ failed, what }) =>
          failed ? (
            <p key={what} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
              {what}: {failed.message}
            </p>
          ) : null,
        )}

        {rotated && <ClientCredentials app={rotated} rotated onDone={() => setRotated(null)} />}
        {editing && <OAuthAppForm app={app} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />}
      </section>

      <OAuthAppGrants appId={id} />

      {confirming === 'rotate' && (
        <ConfirmDialog
          title="Rotate the client secret?"
          confirmLabel="Rotate secret"
          danger={false}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            rotate.mutate();
          }}
        >
          A new secret is made and shown once. The current one stops working at once, so update the app right after. Agents stay signed in to it.
        </ConfirmDialog>
      )}
      {confirming === 'delete' && (
        <ConfirmDialog
          title={`Delete ${app.name}?`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            remove.mutate();
          }}
        >
          Every agent&apos;s access through it ends at once: its tokens stop working. This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
