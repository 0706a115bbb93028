'use client';

import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { Button } from '@/components/ui/button';
import type { TicketSummaryJson } from '@/lib/tickets/serialize';
import { ticketPriorities, ticketStatuses } from '@/lib/tickets/schema';
import { api, ApiError } from '@/lib/ui/api';
import { BulkActions } from './bulk-actions';
import { inboxSearch, readInboxState, ticketsRequest, viewCountRequest, views, type InboxState } from './inbox-query';
import { PriorityBadge, StatusBadge, label } from './labels';
import { SavedViews } from './saved-views';
import { ShortcutsHelp } from './shortcuts-help';

/** How often the inbox asks for changes while it is open. */
const REFRESH_MS = 5_000;

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
      return { queryKey: ['tickets', path], queryFn: () => api<TicketSummaryJson[]>('GET', path), refetchInterval: REFRESH_MS * 3 };
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
                href={`${pathname}${inboxSearch({ ...state, view: view.id, page: 1, status: '', priority: '', q: '' })}`}
                aria-current={state.view === view.id ? 'page' : undefined}
                className={`flex items-center justify-between gap-3 rounded-md px-3 py-1.5 text-sm whitespace-nowrap ${state.view === view.id ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {view.label}
                <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400" data-testid={`count-${view.id}`}>
                  {counts[i]?.data?.pagination?.total ?? '…'}
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
          <FilterSelect id="filter-status" label="Status" value={state.status} options={ticketStatuses} onChange={(status) => go({ status })} />
          <FilterSelect id="filter-priority" label="Priority" value={state.priority} options={ticketPriorities} onChange={(priority) => go({ priority })} />
          <div className="flex items-center gap-1 text-sm">
            <label htmlFor="inbox-sort" className="text-slate-700 dark:text-slate-300">
              Sort
            </label>
            <select
              id="inbox-sort"
              value={`${state.sort}:${state.order}`}
              onChange={(e) => {
                const [sort, order] = e.target.value.split(':') as [InboxState['sort'], InboxState['order']];
                go({ sort, order });
              }}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
            >
              {state.q && <option value="relevance:desc">Best match</option>}
              <option value="created_at:desc">Newest</option>
              <option value="created_at:asc">Oldest</option>
              <option value="updated_at:desc">Recently updated</option>
              <option value="priority:desc">Priority, urgent first</option>
            </select>
          </div>
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
          <div role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            The tickets could not be loaded: {list.error.message}{' '}
            <Button variant="secondary" onClick={() => void list.refetch()}>
              Retry
            </Button>
          </div>
        ) : list.isPending ? (
          <p className="mt-6 text-sm text-slate-600 dark:text-slate-400" role="status">
            Loading tickets…
          </p>
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
              {pagination.total} tickets · page {pagination.current_page} of {pagination.total_pages}
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

function FilterSelect(props: { id: string; label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <div className="flex items-center gap-1 text-sm">
      <label htmlFor={props.id} className="text-slate-700 dark:text-slate-300">
        {props.label}
      </label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="">Any</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function TicketTable(props: { rows: TicketSummaryJson[]; cursor: number; selected: Set<number>; onToggle: (id: number) => void; onCursor: (i: number) => void }) {
  const now = Date.now();
  return (
    <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="w-8 px-3 py-2">
              <span className="sr-only">Selected</span>
            </th>
            <th scope="col" className="px-3 py-2">Number</th>
            <th scope="col" className="px-3 py-2">Subject</th>
            <th scope="col" className="px-3 py-2">Customer</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Priority</th>
            <th scope="col" className="px-3 py-2">Assignee</th>
            <th scope="col" className="px-3 py-2">Department</th>
            <th scope="col" className="px-3 py-2">Updated</th>
            <th scope="col" className="px-3 py-2">Due</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
