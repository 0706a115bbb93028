import 'server-only';
import { getDb, listen } from '@/db/client';
import { driverMessage } from '@/lib/errors';
import { changesOf, LIVE_CHANNEL } from '@/lib/live/changes';
import { log } from '@/lib/log';
import { nextSlaWake, recordSlaBreaches, warnOfSlaDeadlines } from './sweep';

/** The sweep runs at least this often, and at most this soon again after a change is heard or when work is left. */
const MAX_SLEEP_MS = 60_000;
const SETTLE_MS = 1_000;

export type SlaWorker = { stop(): Promise<void> };

/**
 * Records SLA breaches and warns of deadlines as they come: the sweep sleeps until the next
 * deadline it knows of (at most a minute), and a committed change (heard on the desk's channel) may
 * bring one closer, so it looks again a second later. Every app instance runs one; the sweep locks
 * what it records, so a breach is recorded once.
 */
export async function startSlaWorker(): Promise<SlaWorker> {
  const db = getDb();
  let timer: NodeJS.Timeout | undefined;
  let due = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (delay: number) => {
    if (stopped || Date.now() + delay >= due) return;
    clearTimeout(timer);
    due = Date.now() + delay;
    timer = setTimeout(() => void sweep(), delay);
  };

  async function sweep() {
    due = Number.POSITIVE_INFINITY;
    if (running) return void schedule(SETTLE_MS);
    running = (async () => {
      try {
        await recordSlaBreaches(db);
        await warnOfSlaDeadlines(db);
        const next = await nextSlaWake(db);
        // A deadline already past is one another instance's sweep holds: look again in a second, not at once.
        const wait = next ? next.getTime() - Date.now() : MAX_SLEEP_MS;
        schedule(wait <= 0 ? SETTLE_MS : Math.min(wait + 50, MAX_SLEEP_MS));
      } catch (error) {
        log('error', 'SLA sweep failed', { error: driverMessage(error) });
        schedule(MAX_SLEEP_MS / 4);
      } finally {
        running = undefined;
      }
    })();
    await running;
  }

  // Only a ticket's change or a policy's can bring a deadline nearer; typing and notifications cannot.
  const unlisten = await listen(LIVE_CHANNEL, (payload) => {
    if (changesOf(payload).some((c) => c.resource === 'ticket' || c.resource === 'sla_policy')) schedule(SETTLE_MS);
  });
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unlisten();
      await running;
    },
  };
}
