'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { startTransition, useEffect, useEffectEvent, useOptimistic, useRef, useState } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { ApiError, totalText } from '@/components/data/api';
import { useBulkUpdateTickets, useTicketCounts, useTickets } from '@/components/data/tickets';
import { useSavedViews } from '@/components/data/views';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-error';
import { BulkActions } from './bulk-actions';
import { InboxFilters } from './inbox-filters';
import { useTimeZone } from '@/components/ui/time';
import { inboxSearch, readInboxState, sameList, ticketsRequest, viewCountRequest, views, type InboxState } from './inbox-query';
import { InboxTable } from './inbox-table';
import { SavedViews } from './saved-views';
import { rememberInboxList } from './next-ticket';
import { ShortcutsHelp } from './shortcuts-help';

/** The agent inbox: views, filters, search, sort and pages in the URL; keyboard first; live. */
export function Inbox() {
  const agent = useCurrentAgent();
  const router = useRouter();
  const pathname = usePathname();
  // A change shows at once, and the next one builds on it: the URL catches up only after the server
  // answers, and a search typed in that time must not bring back the filter just cleared.
  const [state, showState] = useOptimistic(readInboxState(new URLSearchParams(useSearchParams().toString())));
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  // The cursor starts at the top of every list: a row index means nothing in another view or filter.
  const listed = inboxSearch(state);
  const [cursorList, setCursorList] = useState(listed);
  if (cursorList !== listed) {
    setCursorList(listed);
    setCursor(0);
  }
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const go = (next: Partial<InboxState>) => {
    const merged = { ...state, page: 1, ...next };
    startTransition(() => {
      showState(merged);
      router.replace(`${pathname}${inboxSearch(merged)}`, { scroll: false });
    });
  };

  const { zone } = useTimeZone();
  const list = useTickets(ticketsRequest(state, agent, zone));
  // After the list: at a million tickets the counts are the slow part, and the rows come first.
  const counts = useTicketCounts(
    views.map((view) => viewCountRequest(view.id, agent)),
    { enabled: !list.isPending },
  );
  const savedViews = useSavedViews();
  const savedView = savedViews.data?.data.find((view) => sameList(view.query, listed));
  const bulk = useBulkUpdateTickets({ onSuccess: () => setSelected(new Set()) });

  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const current = rows[Math.min(cursor, rows.length - 1)];

  function toggle(id: number) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  // An effect event reads this render's rows, so the listener is added once rather than on every render.
  const onKey = useEffectEvent((event: KeyboardEvent) => {
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
  });
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The ticket view offers the next of these once the agent resolves one.
  useEffect(() => {
    if (list.data)
      rememberInboxList(
        list.data.data.map((row) => row.id),
        `${pathname}${listed}`,
      );
  }, [list.data, pathname, listed]);

  useEffect(() => {
    document.querySelector(`[data-row-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  return (
    <div className="flex min-h-[calc(100vh-49px)] flex-col md:flex-row">
      <nav
        aria-label="Views"
        className="border-b border-slate-200 bg-white p-2 md:w-48 md:shrink-0 md:border-r md:border-b-0 md:p-3 2xl:w-56 dark:border-slate-800 dark:bg-slate-900"
      >
        <ul className="flex gap-1 overflow-x-auto md:flex-col">
          {views.map((view, i) => {
            const count = counts[i]?.data?.pagination;
            return (
              <li key={view.id}>
                <Link
                  href={`${pathname}${inboxSearch({ ...readInboxState(new URLSearchParams()), view: view.id })}`}
                  aria-current={state.view === view.id && !savedView ? 'page' : undefined}
                  className={`flex items-center justify-between gap-3 rounded-md px-3 py-1.5 text-sm whitespace-nowrap ${state.view === view.id && !savedView ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
                >
                  {view.label}
                  <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400" data-testid={`count-${view.id}`}>
                    {count ? totalText(count) : '…'}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
        <SavedViews views={savedViews.data?.data} current={savedView} currentQuery={listed} />
      </nav>

      <section className="min-w-0 flex-1 p-4" aria-labelledby="inbox-title">
        <div className="flex items-center justify-between gap-2">
          <h1 id="inbox-title" className="truncate text-xl font-semibold">
            {state.q ? 'Search results' : (savedView?.name ?? views.find((v) => v.id === state.view)!.label)}
          </h1>
          <Button onClick={() => router.push('/tickets/new')}>New ticket</Button>
        </div>
        <InboxFilters state={state} searchRef={searchRef} onChange={go} />

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
          <InboxTable rows={rows} now={list.dataUpdatedAt} cursor={cursor} selected={selected} onToggle={toggle} onCursor={setCursor} />
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
