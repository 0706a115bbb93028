'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { dateTimeFormat } from '@/components/customers/labels';
import { label } from '@/components/tickets/labels';
import { Button } from '@/components/ui/button';
import { InlineSelect } from '@/components/ui/inline-select';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import type { AuditEntryJson } from '@/lib/audit/serialize';
import { eventTypes, resourceTypes } from '@/lib/events/catalogue';
import { api, ApiError } from '@/lib/ui/api';
import { AuditEntryDetail } from './audit-entry';

type Filters = { action: string; resource_type: string; actor_type: string; from: string; to: string };
const noFilters: Filters = { action: '', resource_type: '', actor_type: '', from: '', to: '' };

const queryOf = (filters: Filters) => new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();

const actorLabel = (entry: AuditEntryJson) =>
  entry.actor.type === 'system' ? 'Loopdesk' : `${entry.actor.name ?? `#${entry.actor.id}`} (${entry.actor.type === 'api_key' ? 'API key' : 'agent'})`;

/** The CSV comes from the API with the session's credentials, so it is fetched, then handed to the browser as a file. */
async function downloadCsv(filters: Filters) {
  const response = await fetch(`/api/v1/audit-log/export?${queryOf(filters)}`, { credentials: 'same-origin', headers: { 'X-Loopdesk-Client': 'web' } });
  if (!response.ok) throw new ApiError(response.status, 'EXPORT_FAILED', `The export failed (${response.status})`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: 'loopdesk-audit-log.csv' });
  link.click();
  URL.revokeObjectURL(url);
}

/** Admin → Settings → Audit log: every change, newest first; filters, an entry opens in place, more load by cursor. */
export function AuditLog() {
  const [filters, setFilters] = useState(noFilters);
  const [open, setOpen] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['audit-log', filters],
    queryFn: ({ pageParam }) => api<AuditEntryJson[]>('GET', `/audit-log?${queryOf(filters)}${pageParam ? `&after=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => (last.pagination as { next_cursor?: string | null } | undefined)?.next_cursor ?? undefined,
  });
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
            downloadCsv(filters).catch((error: Error) => setExportError(error.message));
          }}
        >
          Export CSV
        </Button>
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Every change of every resource: who made it, from which address, and what it changed.</p>

      <div className="mt-4 flex flex-wrap items-center gap-3" role="group" aria-label="Filters">
        <InlineSelect id="audit-resource" label="Resource" value={filters.resource_type} options={[{ value: '', label: 'All' }, ...resourceTypes.map((r) => ({ value: r, label: label(r) }))]} onChange={set('resource_type')} />
        <InlineSelect
          id="audit-action"
          label="Action"
          value={filters.action}
          options={[{ value: '', label: 'All' }, ...eventTypes.filter((t) => !filters.resource_type || t.startsWith(`${filters.resource_type}.`)).map((t) => ({ value: t, label: t }))]}
          onChange={set('action')}
        />
        <InlineSelect id="audit-actor" label="Actor" value={filters.actor_type} options={[{ value: '', label: 'Anyone' }, { value: 'agent', label: 'Agents' }, { value: 'api_key', label: 'API keys' }, { value: 'system', label: 'Loopdesk' }]} onChange={set('actor_type')} />
        <label className="flex items-center gap-1 text-sm">
          From
          <input type="date" value={filters.from} onChange={(e) => set('from')(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" />
        </label>
        <label className="flex items-center gap-1 text-sm">
          To
          <input type="date" value={filters.to} onChange={(e) => set('to')(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" />
        </label>
      </div>
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
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No entries match these filters.</p>
      ) : (
        <Table labelledBy="audit-title" columns={[...columns('When', 'Actor', 'Action', 'Resource', 'Address'), { label: <span className="sr-only">Details</span> }]}>
          {rows.map((entry) => {
            const detailId = `audit-${entry.id}-detail`;
            return (
              <Fragment key={entry.id}>
                <tr data-testid="audit-row" className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={entry.created_at}>{dateTimeFormat.format(new Date(entry.created_at))}</time>
                  </td>
                  <td className="px-3 py-2">{actorLabel(entry)}</td>
                  <td className="px-3 py-2 font-mono">{entry.action}</td>
                  <td className="px-3 py-2">
                    {label(entry.resource_type)}
                    {entry.resource_id !== null && ` #${entry.resource_id}`}
                  </td>
                  <td className="px-3 py-2 font-mono">{entry.ip_address ?? '—'}</td>
                  <td className="px-3 py-2 text-right">
                    <Button variant="ghost" aria-expanded={open === entry.id} aria-controls={open === entry.id ? detailId : undefined} onClick={() => setOpen(open === entry.id ? null : entry.id)}>
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
