'use client';

import { useSyncExternalStore } from 'react';
import { Badge, type Tone } from '@/components/ui/badge';
import { formatIn, useTimeZone } from '@/components/ui/time';
import type { TicketSlaJson } from '@/lib/tickets/schema';

type TicketSla = NonNullable<TicketSlaJson>;
export type SlaMeasure = NonNullable<TicketSla['first_response']>;

/** How often the time left is worked out again: the badges count down in minutes, so twice a minute is enough. */
const TICK_MS = 30_000;
/** A deadline this close shows in amber: the server warns the assignee at the same distance. */
const SOON_MS = 30 * 60_000;

/**
 * One clock for every badge on the page, read from the browser's own time: the deadlines come with
 * the tickets, so counting down never asks the server anything. It runs only while a badge shows.
 */
const clock = (() => {
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();
  const tick = () => {
    now = Date.now();
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      if (!timer) {
        // A page opened after a pause starts from the time it is now, not from the last tick.
        tick();
        timer = setInterval(tick, TICK_MS);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    now: () => now,
  };
})();

/** The time now, as of the shared clock's last tick. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.now, clock.now);
}

/** "2d 3h", "1h 20m", "45m"; under a minute counts as one. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return rest > 0 ? `${hours}h ${rest}m` : `${hours}h`;
  return `${rest}m`;
}

/** "12m", "2h", "3d": how long ago, in its largest unit, so that a breach's badge stays short. */
function formatAgo(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 1440) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / 1440)}d`;
}

type Shown = { text: string; tone: Tone; title: string };

/**
 * What a measure says at `now`. A running clock whose deadline has passed reads as breached at once,
 * before the server's record of the breach arrives.
 */
function slaState(measure: SlaMeasure, now: number, time: (iso: string) => string): Shown {
  const due = measure.due_at === null ? null : Date.parse(measure.due_at);
  const breachedAt =
    measure.breached_at ?? (measure.status === 'breached' || (measure.status === 'running' && due !== null && due <= now) ? measure.due_at : null);
  if (measure.status === 'breached' || breachedAt !== null) {
    const since = breachedAt === null ? null : now - Date.parse(breachedAt);
    return {
      text: since === null || since < 60_000 ? 'Breached' : `Breached ${formatAgo(since)} ago`,
      tone: 'red',
      title: breachedAt === null ? 'The target was missed' : `Breached at ${time(breachedAt)}`,
    };
  }
  switch (measure.status) {
    case 'met':
      return { text: 'Met', tone: 'emerald', title: 'Reached within the target' };
    case 'paused':
      return { text: 'Paused', tone: 'slate', title: 'The clock stops while the ticket is pending or on hold' };
    case 'stopped':
      return { text: 'Stopped', tone: 'slate', title: 'The ticket was resolved without it' };
    default:
      return {
        text: due === null ? 'Running' : `${formatSpan(due - now)} left`,
        tone: due !== null && due - now <= SOON_MS ? 'amber' : 'sky',
        title: measure.due_at === null ? 'The clock is running' : `Due ${time(measure.due_at)}`,
      };
  }
}

/** "First response" or "Resolution": which of the ticket's measures `measure` is. */
export function measureName(sla: TicketSla, measure: SlaMeasure): string {
  return measure === sla.first_response ? 'First response' : 'Resolution';
}

/**
 * The measure a ticket's list row speaks of: a breach first, then the clock that runs out soonest,
 * then a paused one; met when every goal was reached in time.
 */
export function headlineMeasure(sla: TicketSla): SlaMeasure | null {
  const measures = [sla.first_response, sla.resolution].filter((m): m is SlaMeasure => m !== null);
  const dueOf = (m: SlaMeasure) => (m.due_at === null ? Number.POSITIVE_INFINITY : Date.parse(m.due_at));
  const breached = measures.filter((m) => m.status === 'breached').sort((a, b) => dueOf(a) - dueOf(b));
  const running = measures.filter((m) => m.status === 'running').sort((a, b) => dueOf(a) - dueOf(b));
  return (
    breached[0] ??
    running[0] ??
    measures.find((m) => m.status === 'paused') ??
    measures.find((m) => m.status === 'met') ??
    measures.find((m) => m.status === 'stopped') ??
    null
  );
}

/**
 * A service level as the agent reads it: the time left, "Paused", "Met" or "Breached 12m ago",
 * counting down by itself; the absolute time, in the agent's zone, in its tooltip. Given a whole
 * ticket's `sla`, it speaks of its headline measure; given nothing to say, it renders nothing.
 */
export function SlaBadge({ sla, measure, label }: { sla?: TicketSlaJson; measure?: SlaMeasure | null; label?: string }) {
  const now = useNow();
  const { zone } = useTimeZone();
  const shown = measure ?? (sla ? headlineMeasure(sla) : null);
  if (!shown) return null;
  const { text, tone, title } = slaState(shown, now, (iso) => formatIn('full', zone).format(new Date(iso)));
  return (
    <span title={label ? `${label}: ${title}` : title} data-testid="sla-badge">
      <Badge tone={tone}>{text}</Badge>
    </span>
  );
}
