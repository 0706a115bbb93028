import { label } from '@/components/tickets/labels';
import type { DeliveryStatus, WebhookJson } from './webhook-form-values';

const badge = 'inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap';

export function ActiveBadge({ webhook }: { webhook: Pick<WebhookJson, 'active' | 'disabled_reason'> }) {
  if (webhook.active) return <span className={`${badge} bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200`}>Active</span>;
  return (
    <span className={`${badge} ${webhook.disabled_reason ? 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200' : 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200'}`}>
      {webhook.disabled_reason ? 'Switched off' : 'Inactive'}
    </span>
  );
}

/** Why the app switched a webhook off (a 410, or three days of failures): said as loudly as an error. */
export function DisabledReason({ reason, className = '' }: { reason: string; className?: string }) {
  return (
    <p className={`rounded-md border border-red-200 bg-red-50 px-2 py-1 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200 ${className}`}>
      <strong>Switched off:</strong> {reason}
    </p>
  );
}

/** `["*"]` is every event, including ones added later. */
export const eventsText = (events: readonly string[]) => (events.includes('*') ? 'All events' : events.join(', '));

const statusColours: Record<DeliveryStatus, string> = {
  pending: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  retrying: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  succeeded: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  const colours = statusColours[status as DeliveryStatus] ?? statusColours.pending;
  return <span className={`${badge} ${colours}`}>{label(status)}</span>;
}

type Attempt = { response_status: number | null; error: string | null; error_message: string | null; duration_ms: number | null };

/** `HTTP 200 in 12 ms`, or why there was no answer (`Connection refused`). */
export function attemptOutcome(attempt: Attempt): string {
  const took = attempt.duration_ms === null ? '' : ` in ${attempt.duration_ms} ms`;
  if (attempt.response_status !== null) return `HTTP ${attempt.response_status}${took}`;
  return `${attempt.error_message ?? (attempt.error ? label(attempt.error) : 'No answer')}${took}`;
}
