'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useOAuthApps } from '@/components/data/oauth-apps';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { NewOAuthAppJson } from '@/lib/oauth/schema';
import { ClientCredentials } from './client-credentials';
import { ClientTypeBadges } from './client-type';
import { OAuthAppForm } from './oauth-app-form';

/** What is open above the list: the form, or the one showing of a new app's credentials. */
type Panel = { kind: 'new' } | { kind: 'created'; app: NewOAuthAppJson } | null;

/** Admin → Settings → OAuth apps: the apps agents can let act for them, newest first; each opens its settings and grants. */
export function OAuthAppList() {
  const [panel, setPanel] = useState<Panel>(null);
  const list = useOAuthApps();
  const rows = list.data?.data ?? [];

  return (
    <section aria-labelledby="oauth-apps-title">
      <div className="flex flex-wrap items-center gap-2">
        <h1 id="oauth-apps-title" className="mr-auto text-xl font-semibold">
          OAuth apps
        </h1>
        <Button onClick={() => setPanel({ kind: 'new' })} disabled={panel?.kind === 'new'}>
          New OAuth app
        </Button>
      </div>
      <p className="mt-1 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        An app registered here can ask an agent for access (OAuth 2.0 with PKCE) and then act for them, within the scopes they allowed and never beyond their
        role. Only a hash of a client secret is stored, so a lost secret cannot be shown again: rotate it.
      </p>

      {panel?.kind === 'new' && <OAuthAppForm onCreated={(app) => setPanel({ kind: 'created', app })} onCancel={() => setPanel(null)} />}
      {panel?.kind === 'created' && (
        <>
          <ClientCredentials app={panel.app} rotated={false} onDone={() => setPanel(null)} />
          <p className="mt-2 text-sm">
            <Link href={`/admin/oauth-apps/${panel.app.id}`} className="text-indigo-700 underline dark:text-indigo-300">
              Open {panel.app.name}
            </Link>{' '}
            to see who authorizes it.
          </p>
        </>
      )}

      {list.isError ? (
        <LoadError what="The OAuth apps" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading OAuth apps…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No OAuth apps yet. Register one for each integration that should act for an agent rather than with a shared API key.
        </p>
      ) : (
        <Table labelledBy="oauth-apps-title" columns={columns('Name', 'Client ID', 'Type', 'Scopes', 'Created')}>
          {rows.map((app) => (
            <tr key={app.id} data-testid="oauth-app-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="max-w-xs px-3 py-2">
                <Link href={`/admin/oauth-apps/${app.id}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
                  {app.name}
                </Link>
                {app.description && <div className="text-xs text-slate-600 dark:text-slate-400">{app.description}</div>}
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all">{app.client_id}</td>
              <td className="px-3 py-2">
                <ClientTypeBadges app={app} />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{app.scopes.join(', ')}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <Time value={app.created_at} format="date" />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
