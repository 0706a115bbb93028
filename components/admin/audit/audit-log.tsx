'use client';

import { Fragment, useState } from 'react';
import { Button } from '@/components/ui/button';
import { DateFilter } from '@/components/ui/date-filter';
import { InlineSelect } from '@/components/ui/inline-select';
import { choicesOf, label } from '@/components/ui/labels';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { AuditEntryJson } from '@/lib/audit/schema';
import { eventTypes, resourceTypes } from '@/lib/events/catalogue';
import { downloadAuditLog, useAuditLog } from '@/components/data/audit-log';
import { AuditEntryDetail } from './audit-entry';

type Filters = { action: string; resource_type: string; actor_type: string; from: string; to: string };
const noFilters: Filters = { action: '', resource_type: '', actor_type: '', from: '', to: '' };

const actorLabel = ({ actor }: AuditEntryJson) =>
  actor.type === 'system'
    ? 'Loopdesk'
    : `${actor.name ?? `#${actor.id}`} (${actor.type === 'api_key' ? 'API key' : 'agent'})${actor.app ? ` via ${actor.app.name ?? `app #${actor.app.id}`}` : ''}`;

/** Admin → Settings → Audit log: every change, newest first; filters, an entry opens in place, more load by cursor. */
export function AuditLog() {
  const [filters, setFilters] = useState(noFilters);
  const [open, setOpen] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const list = useAuditLog(filters);
  const rows = list.data?.pages.flatMap((page) => page.data) ?? [];
  const set = (name: keyof Filters) => (value: string) => setFilters((current) => ({ ...current, [name]: value }));

  return (
    <section aria-labelledby="audit-title">
      <div className="flex flex-wrap items-center gap-2">
        <h1 id="audit-title" className="mr-auto text-xl font-semibold">
          Audit log
        </h1>
        <Button
          variant="secondary"
          onClick={() => {
            setExportError(null);
            downloadAuditLog(filters).catch((error: Error) => setExportError(error.message));
          }}
        >
          Export CSV
        </Button>
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Every change of every resource: who made it, from which address, and what it changed.</p>

      <fieldset className="mt-4 flex flex-wrap items-center gap-3" aria-label="Filters">
        <InlineSelect
          id="audit-resource"
          label="Resource"
          value={filters.resource_type}
          options={[{ value: '', label: 'All' }, ...choicesOf(resourceTypes)]}
          onChange={set('resource_type')}
        />
        <InlineSelect
          id="audit-action"
          label="Action"
          value={filters.action}
          options={[
            { value: '', label: 'All' },
            ...eventTypes.filter((t) => !filters.resource_type || t.startsWith(`${filters.resource_type}.`)).map((t) => ({ value: t, label: t })),
          ]}
          onChange={set('action')}
        />
        <InlineSelect
          id="audit-actor"
          label="Actor"
          value={filters.actor_type}
          options={[
            { value: '', label: 'Anyone' },
            { value: 'agent', label: 'Agents' },
            { value: 'api_key', label: 'API keys' },
            { value: 'system', label: 'Loopdesk' },
          ]}
          onChange={set('actor_type')}
        />
        <DateFilter from={{ id: 'audit-from', value: filters.from, onChange: set('from') }} to={{ id: 'audit-to', value: filters.to, onChange: set('to') }} />
      </fieldset>
      {exportError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {exportError}
        </p>
      )}

      {list.isError ? (
        <LoadError what="The audit log" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loading>Loading the audit log…</Loading>
      ) : rows.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No entries match these filters.
        </p>
      ) : (
        <Table
          labelledBy="audit-title"
          columns={[...columns('When', 'Actor', 'Action', 'Resource', 'Address'), { label: <span className="sr-only">Details</span> }]}
        >
          {rows.map((entry) => {
            const detailId = `audit-${entry.id}-detail`;
            return (
              <Fragment key={entry.id}>
                <tr data-testid="audit-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Time value={entry.created_at} />
                  </td>
                  <td className="px-3 py-2">{actorLabel(entry)}</td>
                  <td className="px-3 py-2 font-mono">{entry.action}</td>
                  <td className="px-3 py-2">
                    {label(entry.resource_type)}
                    {entry.resource_id !== null && ` #${entry.resource_id}`}
                  </td>
                  <td className="px-3 py-2 font-mono">{entry.ip_address ?? '—'}</td>
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="ghost"
                      aria-expanded={open === entry.id}
                      aria-controls={open === entry.id ? detailId : undefined}
                      onClick={() => setOpen(open === entry.id ? null : entry.id)}
                    >
                      {open === entry.id ? 'Hide' : 'Details'}
                      <span className="sr-only"> of entry {entry.id}</span>
                    </Button>
                  </td>
                </tr>
                {open === entry.id && (
                  <tr className="border-b border-slate-100 dark:border-slate-800">
                    <td colSpan={6} className="p-0">
                      <AuditEntryDetail id={detailId} entry={entry} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" className="mt-4" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
        </Button>
      )}
    </section>
  );
}
