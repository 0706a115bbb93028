'use client';

import { Button } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import { useRedeliver, useWebhookDelivery } from '@/components/data/webhooks';
import { attemptOutcome, DeliveryStatusBadge } from './labels';
import type { DeliveryJson } from '@/lib/webhooks/schema';

/** Receivers' answers are stored up to 2 KB; no more is shown, whatever the API returns. */
const BODY_LIMIT = 2048;

const time = (iso: string | null) => (iso ? <Time value={iso} /> : '—');

/**
 * One delivery opened from the log: its attempts with the receiver's answers, and Redeliver.
 * Everything a receiver sent back is rendered as text, never as HTML.
 */
export function DeliveryDetail({ webhookId, delivery: fromList, id }: { webhookId: number; delivery: DeliveryJson; id: string }) {
  // The list has no bodies; this delivery's own answer adds the exact request body.
  const current = useWebhookDelivery(webhookId, fromList, 5_000);
  const delivery = current.data.data;

  const redeliver = useRedeliver(webhookId, delivery.id);
  const last = redeliver.data?.data.attempts.at(-1);

  return (
    <div id={id} className="space-y-3 bg-slate-50 p-3 text-sm dark:bg-slate-950">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="mr-auto font-semibold">
          Delivery {delivery.id}: <span className="font-mono">{delivery.event}</span>
        </h3>
        <Button variant="secondary" disabled={redeliver.isPending} onClick={() => redeliver.mutate()}>
          {redeliver.isPending ? 'Redelivering…' : 'Redeliver'}
        </Button>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600 dark:text-slate-400">Status</dt>
        <dd>
          <DeliveryStatusBadge status={delivery.status} />
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Attempts</dt>
        <dd data-testid="delivery-attempt-count" className="tabular-nums">
          {delivery.attempt_count}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Created</dt>
        <dd>{time(delivery.created_at)}</dd>
        {delivery.delivered_at && (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Delivered</dt>
            <dd>{time(delivery.delivered_at)}</dd>
          </>
        )}
        {delivery.next_attempt_at && (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Next attempt</dt>
            <dd>{time(delivery.next_attempt_at)}</dd>
          </>
        )}
        <dt className="text-slate-600 dark:text-slate-400">Request body</dt>
        <dd>
          {current.data?.data.request_body ? (
            <pre className="max-h-64 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-slate-800" data-testid="request-body">
              {current.data.data.request_body}
            </pre>
          ) : (
            'Loading…'
          )}
        </dd>
      </dl>

      <p role="status" className="empty:hidden">
        {redeliver.isSuccess && last ? `Redelivered: ${attemptOutcome(last)}.` : ''}
      </p>
      {redeliver.isError && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          Not redelivered: {redeliver.error.message}
        </p>
      )}
      {current.isError && <p className="text-red-700 dark:text-red-400">Could not refresh this delivery: {current.error.message}</p>}

      {delivery.attempts.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">Not attempted yet.</p>
      ) : (
        <ol aria-label={`Attempts at delivery ${delivery.id}`} className="space-y-2">
          {delivery.attempts.map((a, i) => (
            <li
              key={a.attempted_at}
              data-testid="delivery-attempt"
              className="rounded-md border border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="flex flex-wrap gap-x-3">
                <span className="font-medium">Attempt {i + 1}</span>
                {time(a.attempted_at)}
                <span className={a.error ? 'text-red-700 dark:text-red-400' : ''}>{attemptOutcome(a)}</span>
                {a.error && <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{a.error}</span>}
              </div>
              {a.response_body ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-slate-700 dark:text-slate-300">Response body (first 2 KB at most)</summary>
                  <section
                    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be read (axe: scrollable-region-focusable)
                    tabIndex={0}
                    aria-label={`Response body of attempt ${i + 1}`}
                    className="mt-1 max-h-64 overflow-auto rounded bg-slate-100 p-2 dark:bg-slate-800"
                  >
                    <pre className="font-mono text-xs whitespace-pre-wrap break-all">{a.response_body.slice(0, BODY_LIMIT)}</pre>
                  </section>
                </details>
              ) : (
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">No response body.</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
