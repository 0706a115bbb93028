'use client';

import { useSlaPolicies } from '@/components/data/sla-policies';
import { Time } from '@/components/ui/time';
import type { TicketSlaJson } from '@/lib/tickets/schema';
import { SlaBadge, type SlaMeasure, useNow } from './sla-badge';

const muted = 'text-xs text-slate-600 dark:text-slate-400';

/** "90m" → "1h 30m": targets are minutes of the policy's hours, so never said in days. */
function targetText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours > 0 ? `${hours}h` : '', rest > 0 || hours === 0 ? `${rest}m` : ''].filter(Boolean).join(' ');
}

/** The deadline, the recorded breach, or the reason there is none, beside a measure's badge. */
function MeasureTime({ measure }: { measure: SlaMeasure }) {
  const now = useNow();
  if (measure.status === 'paused') return <span className={muted}>Clock stopped while the ticket waits</span>;
  if (measure.breached_at)
    return (
      <span className={muted} data-testid="sla-breached-at">
        at <Time value={measure.breached_at} />
      </span>
    );
  if (!measure.due_at || (measure.status !== 'running' && measure.status !== 'breached')) return null;
  // A deadline that passed on this page before the server's record of the breach arrived.
  const passed = measure.status === 'breached' || Date.parse(measure.due_at) <= now;
  return (
    <span className={muted}>
      {passed ? 'due' : 'by'} <Time value={measure.due_at} />
    </span>
  );
}

function Measure({ name, testId, measure }: { name: string; testId: string; measure: SlaMeasure | null }) {
  return (
    <div data-testid={testId}>
      <dt className="flex items-baseline justify-between gap-2">
        {name}
        {measure && <span className={muted}>target {targetText(measure.target_minutes)}</span>}
      </dt>
      <dd className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-0.5">
        {measure ? (
          <>
            <SlaBadge measure={measure} />
            <MeasureTime measure={measure} />
          </>
        ) : (
          <span className={muted}>No target for this priority</span>
        )}
      </dd>
    </div>
  );
}

/**
 * The ticket's service levels in its properties: the policy, then each measure's state and
 * deadline, counting down on the page. The measures come with the ticket; the policy's name is
 * looked up, and stands as an empty bar until it arrives rather than as a made-up name.
 */
export function SlaSection({ sla }: { sla: TicketSlaJson }) {
  const policies = useSlaPolicies();
  const policy = sla ? policies.data?.find((p) => p.id === sla.policy_id) : undefined;
  return (
    <section aria-labelledby="sla-title" data-testid="sla-section" className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-800">
      <h3 id="sla-title" className="font-semibold">
        SLA
      </h3>
      {sla === null ? (
        <p className={muted}>No SLA policy covers this ticket.</p>
      ) : (
        <>
          <p className="flex items-center gap-1">
            <span className="text-slate-600 dark:text-slate-400">Policy</span>{' '}
            {policies.isPending ? (
              <span aria-busy="true" className="inline-block h-4 w-28 animate-pulse rounded bg-slate-200 dark:bg-slate-700">
                <span className="sr-only">Loading the policy…</span>
              </span>
            ) : (
              <span data-testid="sla-policy">{policy?.name ?? (policies.isError ? 'could not be loaded' : 'no longer exists')}</span>
            )}
          </p>
          <dl className="space-y-2">
            <Measure name="First response" testId="sla-first-response" measure={sla.first_response} />
            <Measure name="Resolution" testId="sla-resolution" measure={sla.resolution} />
          </dl>
        </>
      )}
    </section>
  );
}
