import type { Db } from '@/db/client';
import { seedDesk, type SeedResult } from './desk';
import { progressReporter } from './progress';
import { countRanges } from './ranges';
import type { SeedRequest } from './run';

const number = (n: number) => n.toLocaleString('en');

/**
 * A seed as `loopdesk seed` and `npm run bench:seed` run it: progress on stderr, the first Ctrl-C
 * stops after the batch being written (so the next run continues there), a second one at once.
 */
export async function seedFromTerminal(db: Db, request: SeedRequest): Promise<SeedResult & { seconds: number }> {
  const stop = new AbortController();
  const progress = progressReporter();
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    progress.finish();
    process.stderr.write('Stopping after this batch (Ctrl-C again to stop at once)...\n');
    stop.abort();
  };
  process.on('SIGINT', onInterrupt);
  const started = performance.now();
  try {
    const result = await seedDesk(db, { ...request, signal: stop.signal, onProgress: progress.update });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } finally {
    progress.finish();
    process.off('SIGINT', onInterrupt);
  }
}

/** What to print when a seed returns. */
export function seedSummary({ status, run, written, firstRun, seconds }: SeedResult & { seconds: number }): string[] {
  const lines: string[] = [];
  if (status === 'already seeded') {
    lines.push(`Nothing to do: this database is seeded already (${number(run.tickets)} tickets, ${number(run.customers)} customers).`);
  } else {
    const rate = seconds > 0 ? Math.round(written.tickets / seconds) : 0;
    lines.push(
      `Added ${written.customers} customers and ${written.tickets} tickets in ${seconds.toFixed(1)} s.`,
      `  with ${number(written.replies)} replies, ${number(written.events)} events and ${number(written.ratings)} ratings (${number(rate)} tickets/s)`,
    );
    if (status === 'stopped') {
      lines.push(`Stopped at ${number(countRanges(run.ticketsWritten))} of ${number(run.tickets)} tickets: run the same command again to continue.`);
    }
  }
  if (firstRun) {
    lines.push(
      '  First start: an admin account and an admin API key were created. They are shown only now.',
      `    Sign in:  ${firstRun.email}  /  ${firstRun.password}`,
      `    API key:  ${firstRun.apiKey}`,
    );
  }
  return lines;
}
