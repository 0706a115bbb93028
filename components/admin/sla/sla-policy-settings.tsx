'use client';

import { useState } from 'react';
import { useDeleteSlaPolicy, useSlaPolicies } from '@/components/data/sla-policies';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LoadError, Loading } from '@/components/ui/load-error';
import { columns, Table } from '@/components/ui/table';
import type { SlaPolicyJson } from '@/lib/sla/schema';
import { SlaPolicyForm } from './sla-policy-form';
import { hoursSummary, targetLines } from './sla-policy-values';

type Panel = { kind: 'new' } | { kind: 'edit'; policy: SlaPolicyJson } | null;

const titleId = 'sla-policies-title';

/** Admin → Settings → SLA policies: the targets each department's tickets are held to, and those of every other ticket. */
export function SlaPolicySettings() {
  const [panel, setPanel] = useState<Panel>(null);
  const policies = useSlaPolicies();
  const [confirming, setConfirming] = useState<SlaPolicyJson | null>(null);
  const remove = useDeleteSlaPolicy();
  const list = policies.data ?? [];

  return (
    <section aria-labelledby={titleId} className="max-w-5xl">
      <div className="flex items-center gap-2">
        <h1 id={titleId} className="mr-auto text-xl font-semibold">
          SLA policies
        </h1>
        <Button variant="secondary" onClick={() => setPanel({ kind: 'new' })}>
          New policy
        </Button>
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        How soon tickets are answered and resolved, by priority, counted in business hours. A department’s policy covers its tickets; the one for every other
        ticket covers the rest.
      </p>
      {panel?.kind === 'new' && <SlaPolicyForm key="new" onDone={() => setPanel(null)} />}
      {panel?.kind === 'edit' && <SlaPolicyForm key={panel.policy.id} policy={panel.policy} onDone={() => setPanel(null)} />}
      {policies.isError ? (
        <LoadError what="The SLA policies" error={policies.error} onRetry={() => void policies.refetch()} className="mt-4" />
      ) : policies.isPending ? (
        <Loading className="mt-4">Loading SLA policies…</Loading>
      ) : list.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No SLA policies yet: tickets have no targets.
        </p>
      ) : (
        <Table
          labelledBy={titleId}
          className="mt-4"
          columns={[...columns('Name', 'Applies to', 'Hours', 'Targets'), { label: <span className="sr-only">Actions</span> }]}
        >
          {list.map((p) => (
            <tr key={p.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 font-medium max-sm:basis-full">{p.name}</td>
              <td className="px-3 py-2">{p.department?.name ?? 'Every other ticket'}</td>
              <td className="px-3 py-2">
                {hoursSummary(p.business_hours)}
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {p.time_zone}
                  {p.holidays.length > 0 && `, ${p.holidays.length} ${p.holidays.length === 1 ? 'holiday' : 'holidays'}`}
                </span>
              </td>
              <td className="px-3 py-2 max-sm:basis-full">
                <ul>
                  {targetLines(p.targets).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </td>
              <td className="px-3 py-2">
                <div className="flex justify-end gap-1">
                  <Button variant="ghost" onClick={() => setPanel({ kind: 'edit', policy: p })}>
                    Edit<span className="sr-only"> {p.name}</span>
                  </Button>
                  <Button variant="ghost" disabled={remove.isPending} onClick={() => setConfirming(p)}>
                    Delete<span className="sr-only"> {p.name}</span>
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {remove.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          Not deleted: {remove.error.message}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete the SLA policy “${confirming.name}”?`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            remove.mutate(confirming);
            setConfirming(null);
          }}
        >
          {confirming.department
            ? `Open tickets of ${confirming.department.name} move to the policy for every other ticket, if there is one.`
            : 'Open tickets it covers have no targets any more.'}{' '}
          Resolved tickets keep whether they met their targets.
        </ConfirmDialog>
      )}
    </section>
  );
}
