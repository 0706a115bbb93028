'use client';

import { useOAuthAppGrants } from '@/components/data/oauth-apps';
import { ScopeList } from '@/components/scope-list';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';

/** Who lets the app act for them now: one row per agent with a live token, and what they allowed. */
export function OAuthAppGrants({ appId }: { appId: number }) {
  const grants = useOAuthAppGrants(appId);
  const rows = grants.data?.data ?? [];

  return (
    <section aria-labelledby="oauth-app-grants-title" className="mt-8">
      <h2 id="oauth-app-grants-title" className="text-lg font-semibold">
        Authorized by
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Agents who let this app act for them and have not revoked it. An agent revokes an app in their profile; deleting the app revokes it for everyone.
      </p>
      {grants.isError ? (
        <LoadError what="Who authorized this app" error={grants.error} onRetry={() => void grants.refetch()} className="mt-3" />
      ) : grants.isPending ? (
        <Loading className="mt-3">Loading who authorized this app…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-3 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No agent has authorized this app yet.
        </p>
      ) : (
        <Table labelledBy="oauth-app-grants-title" className="mt-3" columns={columns('Agent', 'Scopes', 'Authorized', 'Last used')}>
          {rows.map((grant) => (
            <tr key={grant.agent.id} data-testid="oauth-grant-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-3 py-2">
                <div className="font-medium">{grant.agent.name}</div>
                <div className="text-xs text-slate-600 dark:text-slate-400">{grant.agent.email}</div>
              </td>
              <td className="px-3 py-2">
                <ScopeList scopes={grant.scopes} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <Time value={grant.authorized_at} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                {grant.last_used_at ? <Time value={grant.last_used_at} /> : <span className="text-slate-600 dark:text-slate-400">Never</span>}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
