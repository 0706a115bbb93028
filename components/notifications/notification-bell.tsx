'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { useCurrentAgent } from '@/components/current-agent';
import { useMarkNotificationsRead, useNotifications, useUnreadNotificationCount } from '@/components/data/notifications';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Time } from '@/components/ui/time';
import type { NotificationJson } from '@/lib/notifications/schema';

/** "Lee Park mentioned you on TKT-2026-000012 «Printer on fire»". */
export function notificationSentence(n: NotificationJson): string {
  const who = n.actor.name ?? (n.actor.type === 'api_key' ? 'An integration' : 'Loopdesk');
  const what = `${n.ticket.number} «${n.ticket.subject}»`;
  if (n.kind === 'mention') return `${who} mentioned you on ${what}`;
  if (n.kind === 'assigned') return `${who} assigned you ${what}`;
  // The notification does not say which measure: the ticket's SLA section does.
  if (n.kind === 'sla_warning') return `SLA deadline due soon on ${what}`;
  if (n.kind === 'sla_breached') return `SLA breached on ${what}`;
  return `${who} replied on ${what}`;
}

/**
 * The header's bell: the unread count, kept current by the desk's stream, and a dialog listing the
 * newest notifications; following one opens its ticket and marks it read.
 */
export function NotificationBell() {
  const agent = useCurrentAgent();
  const unread = useUnreadNotificationCount(agent.id).data ?? 0;
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const list = useNotifications(agent.id, open);
  const markRead = useMarkNotificationsRead(agent.id);

  function show() {
    setOpen(true);
    dialog.current?.showModal();
  }

  function follow(n: NotificationJson) {
    if (n.read_at === null) markRead.mutate({ ids: [n.id] });
    dialog.current?.close();
  }

  return (
    <>
      <button
        type="button"
        onClick={show}
        aria-label={`Notifications, ${unread} unread`}
        aria-haspopup="dialog"
        className="relative rounded-md p-1.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
          <path d="M10 2a6 6 0 0 0-6 6v3.59l-1.7 1.7A1 1 0 0 0 3 15h14a1 1 0 0 0 .7-1.71L16 11.59V8a6 6 0 0 0-6-6Zm0 16a3 3 0 0 1-2.83-2h5.66A3 3 0 0 1 10 18Z" />
        </svg>
        {unread > 0 && (
          <span
            aria-hidden="true"
            data-testid="unread-count"
            className="absolute -top-1 -right-1 min-w-4 rounded-full bg-red-700 px-1 text-center text-xs leading-4 font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby="notifications-dialog-title"
        className="mt-14 mr-4 ml-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-4 text-slate-900 shadow-xl backdrop:bg-slate-900/20 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <div className="flex items-center gap-2">
          <h2 id="notifications-dialog-title" className="text-base font-semibold">
            Notifications
          </h2>
          <Button variant="ghost" className="ml-auto" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            Mark all read
          </Button>
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Close
          </Button>
        </div>
        {list.isError ? (
          <LoadError what="Your notifications" error={list.error} onRetry={() => void list.refetch()} className="mt-3" />
        ) : list.isPending ? (
          open && <Loading className="mt-3">Loading your notifications…</Loading>
        ) : list.data.length === 0 ? (
          <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
            Nothing yet: mentions, assignments, customer replies and SLA deadlines on your tickets show here.
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
            {list.data.map((n) => (
              <li key={n.id} className="flex items-start gap-2 py-2">
                <span
                  aria-hidden="true"
                  className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read_at === null ? 'bg-indigo-600 dark:bg-indigo-400' : 'bg-transparent'}`}
                />
                <div className="min-w-0 text-sm">
                  <Link
                    href={`/tickets/${n.ticket.id}`}
                    onClick={() => follow(n)}
                    className={`text-indigo-800 hover:underline dark:text-indigo-300 ${n.read_at === null ? 'font-semibold' : ''}`}
                  >
                    {notificationSentence(n)}
                    {n.read_at === null && <span className="sr-only"> (unread)</span>}
                  </Link>
                  <Time value={n.created_at} className="block text-xs text-slate-600 dark:text-slate-400" />
                </div>
              </li>
            ))}
          </ul>
        )}
      </dialog>
    </>
  );
}
