'use client';

import type { ActivityJson } from '@/lib/tickets/schema';
import { Time } from '@/components/ui/time';
import { useTicketActivity } from '@/components/data/tickets';

const sentenceOf = (a: ActivityJson) => {
  const what = a.event.replace('ticket.', '');
  return a.changes.length > 0 ? `${what}: ${a.changes.join(', ').replace(/_/g, ' ')}` : what;
};

/** The ticket's history from its domain events. */
export function Activity({ ticketId, version }: { ticketId: number; version: string }) {
  const activity = useTicketActivity(ticketId, version);
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer font-semibold">Activity</summary>
      {activity.isError ? (
        <p role="alert" className="mt-2 text-red-700">
          The history could not be loaded.
        </p>
      ) : (
        <ol className="mt-2 space-y-1" aria-label="Activity">
          {(activity.data?.data ?? []).map((a) => (
            <li key={a.id} className="text-xs">
              <Time value={a.created_at} className="text-slate-600 dark:text-slate-400" /> <span className="font-medium">{a.actor.name ?? a.actor.type}</span>
              {a.actor.app && <span className="text-slate-600 dark:text-slate-400"> via {a.actor.app.name ?? `app #${a.actor.app.id}`}</span>} {sentenceOf(a)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
