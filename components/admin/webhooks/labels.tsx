import { Badge, type Tone } from '@/components/ui/badge';
import { label } from '@/components/ui/labels';
import type { WebhookJson } from '@/lib/webhooks/schema';
import type { DeliveryStatus } from './webhook-form-values';

export function ActiveBadge({ webhook }: { webhook: Pick<WebhookJson, 'active' | 'disabled_reason'> }) {
  if (webhook.active) return <Badge tone="emerald">Active</Badge>;
  return webhook.disabled_reason ? <Badge tone="red">Switched off</Badge> : <Badge tone="slate">Inactive</Badge>;
}

/** Why the app switched a webhook off (a 410, or three days of failures): said as loudly as an error. */
export function DisabledReason({ reason, className = '' }: { reason: string; className?: string }) {
  return (
    <p
      className={`rounded-md border border-red-200 bg-red-50 px-2 py-1 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200 ${className}`}
    >
      <strong>Switched off:</strong> {reason}
    </p>
  );
}

/** `["*"]` is every event, including ones added later. */
export const eventsText = (events: readonly string[]) => (events.includes('*') ? 'All events' : events.join(', '));

const statusTones: Record<DeliveryStatus, Tone> = { pending: 'slate', retrying: 'amber', succeeded: 'emerald', failed: 'red' };

export function DeliveryStatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTones[status as DeliveryStatus] ?? statusTones.pending}>{label(status)}</Badge>;
}

type Attempt = { response_status: number | null; error: string | null; error_message: string | null; duration_ms: number | null };

/** `HTTP 200 in 12 ms`, or why there was no answer (`Connection refused`). */
export function attemptOutcome(attempt: Attempt): string {
  const took = attempt.duration_ms === null ? '' : ` in ${attempt.duration_ms} ms`;
  if (attempt.response_status !== null) return `HTTP ${attempt.response_status}${took}`;
  return `${attempt.error_message ?? (attempt.error ? label(attempt.error) : 'No answer')}${took}`;
}
