'use client';

import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { Button } from '@/components/ui/button';
import { InlineSelect } from '@/components/ui/inline-select';
import { Table, columns } from '@/components/ui/table';
import { LoadError, Loading } from '@/components/ui/load-error';
import type { TicketSummaryJson } from '@/lib/tickets/serialize';
import { ticketPriorities, ticketStatuses } from '@/lib/tickets/schema';
import { api, ApiError, totalText } from '@/lib/ui/api';
import { BulkActions } from './bulk-actions';
import { inboxSearch, readInboxState, ticketsRequest, viewCountRequest, views, type InboxState } from './inbox-query';
import { PriorityBadge, StatusBadge, label } from './labels';
import { useAgents, useDepartments } from './lookups';
import { SavedViews } from './saved-views';
import { ShortcutsHelp } from './shortcuts-help';

/** How often the inbox asks for changes while it is open. */
const REFRESH_MS = 5_000;
/** The view counts change less often and cost more (a count each); every 30 s keeps a browser tab well inside its session budget. */
const COUNTS_REFRESH_MS = 30_000;

/** The agent inbox: views, filters, search, sort and pages in the URL; keyboard first; live. */
export function Inbox() {
  const agent = useCurrentAgent();
  const router = useRouter();
  const pathname = usePathname();
  const state = readInboxState(new URLSearchParams(useSearchParams().toString()));
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const go = (next: Partial<InboxState>) => {
    const merged = { ...state, page: 1, ...next };
    router.replace(`${pathname}${inboxSearch(merged)}`, { scroll: false });
  };

  const agents = useAgents();
  const departments = useDepartments();
  const request = ticketsRequest(state, agent);
  const list = useQuery({
    queryKey: ['tickets', request],
    queryFn: () => api<TicketSummaryJson[]>('GET', request),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const counts = useQueries({
    queries: views.map((view) => {
      const path = viewCountRequest(view.id, agent);
      // After the list: at a million tickets the counts are the slow part, and the rows come first.
      return { queryKey: ['tickets', path], queryFn: () => api<TicketSummaryJson[]>('GET', path), refetchInterval: COUNTS_REFRESH_MS, enabled: !list.isPending };
    }),
  });

  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const current = rows[Math.min(cursor, rows.length - 1)];

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey || target.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'j') setCursor((c) => Math.min(c + 1, rows.length - 1));
      else if (event.key === 'k') setCursor((c) => Math.max(c - 1, 0));
      else if (event.key === 'Enter' && current) router.push(`/tickets/${current.id}`);
      else if (event.key === 'x' && current) toggle(current.id);
      else if (event.key === '/') searchRef.current?.focus();
      else if (event.key === 'c') router.push('/tickets/new');
      else if (event.key === '?') setHelpOpen(true);
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    document.querySelector(`[data-row-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  function toggle(id: number) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const queryClient = useQueryClient();
  const bulk = useMutation({
    mutationFn: (changes: Record<string, unknown>[]) => api('PUT', '/tickets/bulk', { tickets: changes }),
    onSuccess: () => {
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });

  return (
    <div className="flex min-h-[calc(100vh-49px)] flex-col md:flex-row">
      <nav aria-label="Views" className="border-b border-slate-200 bg-white p-3 md:w-56 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900">
        <ul className="flex gap-1 overflow-x-auto md:flex-col">
          {views.map((view, i) => (
            <li key={view.id}>
              <Link
                href={`${pathname}${inboxSearch({ ...readInboxState(new URLSearchParams()), view: view.id })}`}
                aria-current={state.view === view.id ? 'page' : undefined}
                className={`flex items-center justify-between gap-3 rounded-md px-3 py-1.5 text-sm whitespace-nowrap ${state.view === view.id ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {view.label}
                <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400" data-testid={`count-${view.id}`}>
                  {counts[i]?.data?.pagination ? totalText(counts[i]!.data!.pagination!) : '…'}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <SavedViews currentQuery={inboxSearch(state)} />
      </nav>

      <section className="min-w-0 flex-1 p-4" aria-labelledby="inbox-title">
        <div className="flex flex-wrap items-center gap-2">
          <h1 id="inbox-title" className="mr-2 text-xl font-semibold">
            {views.find((v) => v.id === state.view)!.label}
          </h1>
          <form
            role="search"
            className="flex-1"
            onSubmit={(event) => {
              event.preventDefault();
              go({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
            }}
          >
            <label htmlFor="inbox-search" className="sr-only">
              Search tickets
            </label>
            <input
              ref={searchRef}
              id="inbox-search"
              name="q"
              type="search"
              defaultValue={state.q}
              key={state.q}
              placeholder="Search tickets (press /)"
              className="w-full min-w-48 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
            />
          </form>
          <InlineSelect id="filter-status" label="Status" value={state.status} options={anyOf(ticketStatuses)} onChange={(status) => go({ status })} />
          <InlineSelect id="filter-priority" label="Priority" value={state.priority} options={anyOf(ticketPriorities)} onChange={(priority) => go({ priority })} />
          <InlineSelect
            id="filter-assignee"
            label="Assignee"
            value={state.assignee}
            options={[{ value: '', label: 'Any' }, ...(agents.data ?? []).map((a) => ({ value: String(a.id), label: a.name }))]}
            onChange={(assignee) => go({ assignee })}
          />
          <InlineSelect
            id="filter-department"
            label="Department"
            value={state.department}
            options={[{ value: '', label: 'Any' }, ...(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))]}
            onChange={(department) => go({ department })}
          />
          <DateFilter id="filter-created" label="Created after" value={state.created_after} onChange={(created_after) => go({ created_after })} />
          <DateFilter id="filter-updated" label="Updated after" value={state.updated_after} onChange={(updated_after) => go({ updated_after })} />
          <InlineSelect
            id="inbox-sort"
            label="Sort"
            value={`${state.sort}:${state.order}`}
            options={[...(state.q ? [{ value: 'relevance:desc', label: 'Best match' }] : []), ...sortChoices]}
            onChange={(value) => {
              const [sort, order] = value.split(':') as [InboxState['sort'], InboxState['order']];
              go({ sort, order });
            }}
          />
          <Button onClick={() => router.push('/tickets/new')}>New ticket</Button>
        </div>

        {selected.size > 0 && (
          <BulkActions
            ids={[...selected]}
            rows={rows}
            pending={bulk.isPending}
            error={bulk.error instanceof ApiError ? bulk.error.message : null}
            onApply={(changes) => bulk.mutate(changes)}
            onClear={() => setSelected(new Set())}
          />
        )}

        {list.isError ? (
          <LoadError what="The tickets" error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Loading>Loading tickets…</Loading>
        ) : rows.length === 0 ? (
          <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No tickets here{state.q ? ` match “${state.q}”` : ''}.
          </p>
        ) : (
          <TicketTable rows={rows} cursor={cursor} selected={selected} onToggle={toggle} onCursor={setCursor} />
        )}

        {pagination && pagination.total > 0 && (
          <div className="mt-3 flex items-center justify-between text-sm text-slate-700 dark:text-slate-300">
            <span>
              {totalText(pagination)} tickets · page {pagination.current_page} of {pagination.total_exact === false ? 'many' : pagination.total_pages}
            </span>
            <div className="flex gap-2">
              <Button variant="secondary" disabled={!pagination.has_prev} onClick={() => go({ page: state.page - 1 })}>
                Previous
              </Button>
              <Button variant="secondary" disabled={!pagination.has_next} onClick={() => go({ page: state.page + 1 })}>
                Next
              </Button>
            </div>
          </div>
        )}
      </section>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

function DateFilter(props: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="flex items-center gap-1 text-sm">
      <label htmlFor={props.id} className="text-slate-700 dark:text-slate-300">
        {props.label}
      </label>
      <input
        id={props.id}
        type="date"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
    </div>
  );
}

const anyOf = (values: readonly string[]) => [{ value: '', label: 'Any' }, ...values.map((v) => ({ value: v, label: label(v) }))];

const sortChoices = [
  { value: 'created_at:desc', label: 'Newest' },
  { value: 'created_at:asc', label: 'Oldest' },
  { value: 'updated_at:desc', label: 'Recently updated' },
  { value: 'priority:desc', label: 'Priority, urgent first' },
];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function TicketTable(props: { rows: TicketSummaryJson[]; cursor: number; selected: Set<number>; onToggle: (id: number) => void; onCursor: (i: number) => void }) {
  const now = Date.now();
  return (
    <Table
      labelledBy="inbox-title"
      columns={[{ label: <span className="sr-only">Selected</span>, className: 'w-8' }, ...columns('Number', 'Subject', 'Customer', 'Status', 'Priority', 'Assignee', 'Department', 'Updated', 'Due')]}
    >
      {props.rows.map((t, i) => {
        const overdue = t.due_date !== null && Date.parse(t.due_date) < now && !['resolved', 'closed'].includes(t.status);
        return (
          <tr
            key={t.id}
            data-row-index={i}
            data-testid="ticket-row"
            aria-selected={props.selected.has(t.id)}
            onClick={() => props.onCursor(i)}
            className={`border-b border-slate-100 last:border-0 dark:border-slate-800 ${i === props.cursor ? 'bg-indigo-50 outline-2 -outline-offset-2 outline-indigo-500 dark:bg-indigo-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800'}`}
          >
            <td className="px-3 py-2">
              <input
                type="checkbox"
                aria-label={`Select ${t.number}`}
                checked={props.selected.has(t.id)}
                onChange={() => props.onToggle(t.id)}
                className="h-4 w-4"
              />
            </td>
            <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-600 dark:text-slate-400">{t.number}</td>
            <td className="max-w-md truncate px-3 py-2">
              <Link href={`/tickets/${t.id}`} className="font-medium text-slate-900 hover:underline dark:text-slate-100">
                {t.subject}
              </Link>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{t.customer?.name ?? '—'}</td>
            <td className="px-3 py-2">
              <StatusBadge status={t.status} />
            </td>
            <td className="px-3 py-2">
              <PriorityBadge priority={t.priority} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{t.assigned_agent?.name ?? <span className="text-slate-600 dark:text-slate-400">Unassigned</span>}</td>
            <td className="px-3 py-2 whitespace-nowrap">{t.department?.name ?? '—'}</td>
            <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">
              <time dateTime={t.updated_at}>{dateFormat.format(new Date(t.updated_at))}</time>
            </td>
            <td className={`px-3 py-2 whitespace-nowrap ${overdue ? 'font-medium text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400'}`}>
              {t.due_date ? (
                <time dateTime={t.due_date}>
                  {dateFormat.format(new Date(t.due_date))}
                  {overdue && <span className="sr-only"> (overdue)</span>}
                </time>
              ) : (
                '—'
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
