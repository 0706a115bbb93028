'use client';

import { useState } from 'react';
import { useAgents } from '@/components/data/agents';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { label } from '@/components/ui/labels';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { useApiKeys, useRevokeApiKey } from '@/components/data/api-keys';
import { ApiKeyForm } from './api-key-form';
import type { KeyPermission } from './api-key-form-values';
import type { ApiKeyJson, NewApiKeyJson } from '@/lib/api-keys/schema';
import { OneTimeSecret } from '@/components/ui/one-time-secret';

/** What is open above the list: the form, or the one showing of a new key. */
type Panel = { kind: 'new' } | { kind: 'created'; key: NewApiKeyJson } | null;

const permissionTones: Record<KeyPermission, Tone> = { read: 'slate', write: 'sky', admin: 'amber' };

function When({ iso, empty }: { iso: string | null; empty: string }) {
  return iso ? <Time value={iso} /> : <span className="text-slate-600 dark:text-slate-400">{empty}</span>;
}

/** A name still on its way: a placeholder bar, not a made-up "Agent #1". */
function NameLoading() {
  return (
    <span className="inline-block h-3 w-24 animate-pulse rounded bg-slate-200 dark:bg-slate-700">
      <span className="sr-only">Loading…</span>
    </span>
  );
}

/** Admin → Settings → API → API Keys: the live keys (revoked ones are gone from the API), create and revoke. */
export function ApiKeySettings({ permissions }: { permissions: readonly KeyPermission[] }) {
  const [panel, setPanel] = useState<Panel>(null);
  const [confirming, setConfirming] = useState<ApiKeyJson | null>(null);
  const [revokeProblem, setRevokeProblem] = useState<{ id: number; message: string } | null>(null);
  const [notice, setNotice] = useState('');
  const list = useApiKeys();
  // Only active agents are listed; a key made by a deactivated agent, the CLI or the first run shows the id or a dash.
  const agents = useAgents();
  const agentName = (id: number) => agents.data?.find((a) => a.id === id)?.name ?? `Agent #${id}`;
  const rows = list.data?.data ?? [];

  const revoke = useRevokeApiKey({
    onMutate: () => {
      setRevokeProblem(null);
      setNotice('');
    },
    onSuccess: (_, key) => {
      setNotice(`${key.name} is revoked: requests with it are refused from now on.`);
    },
    onError: (error, key) => setRevokeProblem({ id: key.id, message: error.message }),
  });

  return (
    <section aria-labelledby="api-keys-title">
      <div className="flex flex-wrap items-center gap-2">
        <h1 id="api-keys-title" className="mr-auto text-xl font-semibold">
          API Keys
        </h1>
        <Button onClick={() => setPanel({ kind: 'new' })} disabled={panel?.kind === 'new'}>
          Create New API Key
        </Button>
      </div>
      <p className="mt-1 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        Integrations send a key as <code className="font-mono">Authorization: Bearer ld_live_…</code>. Only a hash is stored, so a lost key cannot be shown
        again: revoke it and create another.
      </p>

      {panel?.kind === 'new' && (
        <ApiKeyForm permissions={permissions} onCreated={(key) => setPanel({ kind: 'created', key })} onCancel={() => setPanel(null)} />
      )}
      {panel?.kind === 'created' && (
        <OneTimeSecret title={`API key “${panel.key.name}” created`} what="API key" value={panel.key.key} testId="new-api-key" onDone={() => setPanel(null)}>
          <p>
            It has <strong>{panel.key.permission}</strong> permission. Here is the key:
          </p>
        </OneTimeSecret>
      )}

      <p role="status" className="mt-2 text-sm text-slate-700 empty:hidden dark:text-slate-300">
        {notice}
      </p>

      {list.isError ? (
        <LoadError what="The API keys" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading API keys…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No API keys yet. Create one for each integration, so that each can be revoked on its own.
        </p>
      ) : (
        <Table
          labelledBy="api-keys-title"
          columns={[...columns('Name', 'Prefix', 'Permission', 'Last used', 'Expires', 'Created by'), { label: <span className="sr-only">Actions</span> }]}
        >
          {rows.map((k) => {
            const expired = k.expires_at !== null && new Date(k.expires_at) <= new Date();
            return (
              <tr key={k.id} data-testid="api-key-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 font-medium">
                  {k.name}
                  {(k.ip_whitelist.length > 0 || k.rate_limit !== null) && (
                    <div className="text-xs font-normal text-slate-600 dark:text-slate-400">
                      {[
                        k.ip_whitelist.length > 0 && `Only from ${k.ip_whitelist.join(', ')}`,
                        k.rate_limit !== null && `${k.rate_limit.toLocaleString()} requests per hour`,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </div>
                  )}
                </td>
                <td className="px-3 py-2 font-mono break-all">{k.prefix}</td>
                <td className="px-3 py-2">
                  <Badge tone={permissionTones[k.permission]}>{label(k.permission)}</Badge>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <When iso={k.last_used_at} empty="Never" />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <When iso={k.expires_at} empty="Never" />
                  {expired && <span className="ml-1 text-xs font-medium text-red-700 dark:text-red-400">(expired)</span>}
                </td>
                <td className="px-3 py-2">
                  {k.created_by === null ? (
                    <span className="text-slate-600 dark:text-slate-400">—</span>
                  ) : agents.isPending ? (
                    <NameLoading />
                  ) : (
                    agentName(k.created_by)
                  )}
                  <div className="text-xs text-slate-600 dark:text-slate-400">
                    <Time value={k.created_at} format="date" />
                  </div>
                </td>
                <td className="px-3 py-2">
                  <div className="flex justify-end">
                    <Button variant="ghost" disabled={revoke.isPending} onClick={() => setConfirming(k)}>
                      Revoke<span className="sr-only"> {k.name}</span>
                    </Button>
                  </div>
                  {revokeProblem?.id === k.id && (
                    <p role="alert" className="mt-1 text-right text-sm text-red-700 dark:text-red-400">
                      {revokeProblem.message}
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}

      {confirming && (
        <ConfirmDialog
          title={`Revoke ${confirming.name}?`}
          confirmLabel="Revoke"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            revoke.mutate(confirming);
            setConfirming(null);
          }}
        >
          Requests with this key ({confirming.prefix}…) are refused from the next one on. This cannot be undone: an integration still using it needs a new key.
        </ConfirmDialog>
      )}
    </section>
  );
}
