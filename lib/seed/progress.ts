/** Where a seed is: which rows it writes and how many are written (resumed ones too), or that it tidies up. */
export type SeedProgress = { phase: 'customers' | 'tickets'; done: number; total: number } | { phase: 'vacuum' };

const PLAIN_EVERY_MS = 5_000;
const BAR_WIDTH = 24;

const number = (n: number) => Math.round(n).toLocaleString('en');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Shows a seed's progress on `stream`: on a terminal one line redrawn in place (count, bar, rate,
 * ETA); otherwise (a log, CI) a plain line every few seconds. The rate counts this run's rows
 * only, so a resumed seed does not claim the earlier run's work.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let phase: SeedProgress['phase'] | undefined;
  let started = 0;
  let startedAt = 0;
  let lastLine = 0;
  let drawn = false;

  function line({ phase, done, total }: Exclude<SeedProgress, { phase: 'vacuum' }>): string {
    const seconds = (performance.now() - startedAt) / 1000;
    const rate = seconds > 0 ? (done - started) / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const share = total > 0 ? done / total : 1;
    const bar = tty ? ` [${'#'.repeat(Math.round(share * BAR_WIDTH)).padEnd(BAR_WIDTH, '-')}]` : '';
    return `${phase} ${number(done)}/${number(total)} (${Math.floor(share * 100)}%)${bar} ${number(rate)}/s, ETA ${duration(eta)}`;
  }

  return {
    update(progress: SeedProgress) {
      const now = performance.now();
      if (progress.phase === 'vacuum') {
        if (drawn && tty) stream.write('\n');
        drawn = false;
        phase = progress.phase;
        stream.write('vacuum analyze of the seeded tables (index-only scans, planner statistics)...\n');
        return;
      }
      if (progress.phase !== phase) {
        if (drawn && tty) stream.write('\n');
        phase = progress.phase;
        started = progress.done;
        startedAt = now;
        lastLine = 0;
        drawn = false;
        if (progress.done === started && progress.done < progress.total) return;
      }
      if (tty) {
        stream.write(`\r${line(progress)}\x1b[K`);
        drawn = true;
      } else if (now - lastLine >= PLAIN_EVERY_MS || progress.done === progress.total) {
        stream.write(`${line(progress)}\n`);
        lastLine = now;
      }
    },
    /** Ends the redrawn line, so what follows starts on a line of its own. */
    finish() {
      if (drawn && tty) stream.write('\n');
      drawn = false;
    },
  };
}
