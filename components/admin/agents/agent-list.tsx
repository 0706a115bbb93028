'use client';

import { useState } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { Pager } from '@/components/customers/pager';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { InlineSelect } from '@/components/ui/inline-select';
import { label } from '@/components/ui/labels';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import type { AgentJson } from '@/lib/agents/schema';
import { useAgentList, useEndAgentSessions, useUpdateAgent } from '@/components/data/agents';
import { AgentForm } from './agent-form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FirstPasswordNotice } from './first-password-notice';
import { fullName } from '@/lib/names';

type StatusFilter = 'active' | 'inactive' | 'all';
const statusChoices = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
  { value: 'all', label: 'All' },
];

/** What is open above the list: a form, or the one showing of a new agent's first password. */
type Panel = { kind: 'new' } | { kind: 'edit'; agent: AgentJson } | { kind: 'created'; agent: AgentJson; password: string } | null;

const agentName = (a: Pick<AgentJson, 'first_name' | 'last_name'>) => fullName(a.first_name, a.last_name);

/** Admin → Settings → Agents: everyone who can sign in, or could; deactivated agents stay, with their history. */
export function AgentList() {
  const me = useCurrentAgent();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [page, setPage] = useState(1);
  const [panel, setPanel] = useState<Panel>(null);
  const [confirming, setConfirming] = useState<AgentJson | null>(null);
  const [statusProblem, setStatusProblem] = useState<{ id: number; message: string } | null>(null);
  const [notice, setNotice] = useState('');

  const request = `/agents?per_page=100&page=${page}${status === 'all' ? '' : `&status=${status}`}`;
  const list = useAgentList(request);
  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;

  const setAgentStatus = useUpdateAgent({
    onMutate: () => {
      setStatusProblem(null);
      setNotice('');
    },
    onSuccess: ({ data }) => {
      // Said here because the agent may leave the filtered list.
      setNotice(`${agentName(data)} is ${data.status === 'active' ? 'active again' : 'deactivated'}.`);
    },
    onError: (error, change) => setStatusProblem({ id: change.id, message: error.message }),
  });
  const endSessions = useEndAgentSessions({
    onMutate: () => setNotice(''),
    onSuccess: ({ data }, agent) =>
      setNotice(`${agentName(agent)} is signed out of ${data.ended_sessions} ${data.ended_sessions === 1 ? 'session' : 'sessions'}.`),
    onError: (error, agent) => setStatusProblem({ id: agent.id, message: error.message }),
  });

  const deactivating = confirming?.status === 'active';

  return (
    <section aria-labelledby="agents-title">
      <div className="flex flex-wrap items-center gap-2">
        <h1 id="agents-title" className="mr-auto text-xl font-semibold">
          Agents
        </h1>
        <InlineSelect
          id="agent-status-filter"
          label="Show"
          value={status}
          options={statusChoices}
          onChange={(value) => {
            setStatus(value as StatusFilter);
            setPage(1);
          }}
        />
        <Button onClick={() => setPanel({ kind: 'new' })} disabled={panel?.kind === 'new'}>
          New agent
        </Button>
      </div>

      {panel?.kind === 'new' && (
        <AgentForm onSaved={(agent, password) => setPanel(password ? { kind: 'created', agent, password } : null)} onCancel={() => setPanel(null)} />
      )}
      {panel?.kind === 'edit' && <AgentForm key={panel.agent.id} agent={panel.agent} onSaved={() => setPanel(null)} onCancel={() => setPanel(null)} />}
      {panel?.kind === 'created' && (
        <FirstPasswordNotice name={agentName(panel.agent)} email={panel.agent.email} password={panel.password} onDone={() => setPanel(null)} />
      )}

      <p role="status" className="mt-2 text-sm text-slate-700 empty:hidden dark:text-slate-300">
        {notice}
      </p>

      {list.isError ? (
        <LoadError what="The agents" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading agents…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {status === 'inactive' ? 'No deactivated agents.' : 'No agents here.'}
        </p>
      ) : (
        <Table
          labelledBy="agents-title"
          columns={[
            ...columns('Name', 'Email', 'Role', 'Status', 'Departments'),
            { label: 'Open tickets', className: 'text-right' },
            ...columns('Availability'),
            { label: <span className="sr-only">Actions</span> },
          ]}
        >
          {rows.map((a) => (
            <tr key={a.id} data-testid="agent-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 font-medium">
                {agentName(a)}
                {a.id === me.id && <span className="ml-1 text-xs font-normal text-slate-600 dark:text-slate-400">(you)</span>}
                {a.skills.length > 0 && <div className="text-xs font-normal text-slate-600 dark:text-slate-400">Skills: {a.skills.join(', ')}</div>}
              </td>
              <td className="max-w-xs truncate px-3 py-2 text-slate-700 dark:text-slate-300">{a.email}</td>
              <td className="px-3 py-2">{label(a.role)}</td>
              <td className="px-3 py-2">
                <Badge tone={a.status === 'active' ? 'emerald' : 'slate'}>{label(a.status)}</Badge>
              </td>
              <td className="px-3 py-2">{a.departments.length > 0 ? a.departments.map((d) => d.name).join(', ') : '—'}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                {a.current_tickets} / {a.max_tickets ?? '∞'}
                {a.max_tickets === null && <span className="sr-only"> (no limit)</span>}
              </td>
              <td className="px-3 py-2">{label(a.availability)}</td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap justify-end gap-1 max-sm:justify-start">
                  <Button variant="ghost" onClick={() => setPanel({ kind: 'edit', agent: a })}>
                    Edit<span className="sr-only"> {agentName(a)}</span>
                  </Button>
                  {a.id !== me.id && a.status === 'active' && (
                    <Button variant="ghost" disabled={endSessions.isPending} onClick={() => endSessions.mutate(a)}>
                      Sign out everywhere<span className="sr-only"> {agentName(a)}</span>
                    </Button>
                  )}
                  {/* Deactivating yourself would end your own session; another admin can do it. */}
                  {a.id !== me.id && (
                    <Button variant="ghost" disabled={setAgentStatus.isPending} onClick={() => setConfirming(a)}>
                      {a.status === 'active' ? 'Deactivate' : 'Reactivate'}
                      <span className="sr-only"> {agentName(a)}</span>
                    </Button>
                  )}
                </div>
                {statusProblem?.id === a.id && (
                  <p role="alert" className="mt-1 text-right text-sm text-red-700 dark:text-red-400">
                    {statusProblem.message}
                  </p>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}

      {pagination && pagination.total_pages > 1 && <Pager pagination={pagination} noun={['agent', 'agents']} label="Agent pages" onPage={setPage} />}

      {confirming && (
        <ConfirmDialog
          title={`${deactivating ? 'Deactivate' : 'Reactivate'} ${agentName(confirming)}?`}
          confirmLabel={deactivating ? 'Deactivate' : 'Reactivate'}
          danger={deactivating}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setAgentStatus.mutate({ id: confirming.id, change: { status: deactivating ? 'inactive' : 'active' } });
            setConfirming(null);
          }}
        >
          {deactivating
            ? 'They are signed out and can no longer sign in or be assigned tickets. Their tickets and history stay, and you can reactivate them later.'
            : 'They can sign in again with their password and be assigned tickets.'}
        </ConfirmDialog>
      )}
    </section>
  );
}
