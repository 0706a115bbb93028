import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { createFirstAdmin, type FirstRun } from '@/lib/demo/seed';
import { ConflictError, isUniqueViolation } from '@/lib/errors';
import { arrivals } from './calendar';
import { customerBatch } from './customers';
import type { SeedProgress } from './progress';
import { countRanges, missingRanges, rangeClaimer } from './ranges';
import { finishSeedRun, loadDesk, recordBatch, startSeedRun, writtenOf, type BatchCounts, type SeedPhase, type SeedRequest, type SeedRun } from './run';
import { ticketBatch } from './tickets';

/**
 * `loopdesk seed --tickets N`: a desk that looks like two years of a real team's work (see
 * tickets.ts for what a ticket lives through), written in batches of one statement and one
 * transaction each, two at a time. Memory stays flat (a batch's arrival times are the only
 * per-ticket data in Node), the database's temp space is a batch's worth, and an interrupted seed
 * continues where it stopped (run.ts). The rows are history, not news: their events get no
 * webhook deliveries.
 */
export type SeedOptions = SeedRequest & {
  /** Stops after the batches being written; the next seed continues from there. */
  signal?: AbortSignal;
  onProgress?: (progress: SeedProgress) => void;
  /** The desk's "now", when a new seed starts (a resumed one keeps its own). */
  now?: Date;
  /** Rows per batch, instead of sizes adapting to TARGET_BATCH_MS. */
  batchSize?: number;
};

export type SeedCounts = { customers: number; tickets: number } & BatchCounts;

export type SeedResult = {
  status: 'finished' | 'stopped' | 'already seeded';
  run: SeedRun;
  /** What this call wrote (a resumed seed's earlier rows are in `run`). */
  written: SeedCounts;
  /** The first admin, when this seed created it (it is shown only once). */
  firstRun: FirstRun | null;
};

/**
 * Batches written side by side: PostgreSQL does a statement's work on one core, so two keep a
 * two-core server busy while each batch stays one transaction.
 */
const WORKERS = 2;
/** Batch sizes adapt to take about this long, well inside any statement timeout. */
const TARGET_BATCH_MS = 3_000;
const BATCH_SIZES: Record<SeedPhase, { first: number; max: number }> = {
  customers: { first: 10_000, max: 100_000 },
  tickets: { first: 2_000, max: 50_000 },
};
const MIN_BATCH = 500;

type BatchWrite = (tx: Db, first: number, count: number) => Promise<BatchCounts>;

export async function seedDesk(db: Db, options: SeedOptions): Promise<SeedResult> {
  const firstRun = await createFirstAdmin(db);
  let run = await startSeedRun(db, options, options.now ?? new Date());
  const written: SeedCounts = { customers: 0, tickets: 0, replies: 0, events: 0, ratings: 0 };
  if (run.finished) return { status: 'already seeded', run, written, firstRun };

  const desk = await loadDesk(db, run);
  const schedule = arrivals(run.end, run.tickets);
  const plan = run;
  const writers: Record<SeedPhase, BatchWrite> = {
    customers: (tx, first, count) => tx.execute(customerBatch(plan, first, count)).then(() => ({ replies: 0, events: 0, ratings: 0 })),
    tickets: async (tx, first, count) => {
      const [counts] = await tx.execute<BatchCounts>(ticketBatch(plan, desk, first, schedule.times(first, count)));
      // Under bulk_load the report triggers step aside: the batch's rollups in one pass (migration 0018).
      const ids = plan.ticketBase + first;
      await tx.execute(sql`select report_add_new_tickets(${ids}, ${ids + count - 1})`);
      return counts!;
    },
  };
  for (const phase of ['customers', 'tickets'] as const) {
    const write = () => writeInBatches(db, run, phase, writers[phase], written, options);
    run = phase === 'tickets' ? await withLargeWordList(db, write) : await write();
    if (options.signal?.aborted) return { status: 'stopped', run, written, firstRun };
  }
  // Fresh statistics for the planner, a visibility map so the list's index-only scans stay index-only, and
  // the search index's pending entries merged. Events are half the bytes: they get a connection of their own.
  options.onProgress?.({ phase: 'vacuum' });
  await Promise.all([
    db.execute(sql`vacuum (analyze) events`),
    db.execute(sql`vacuum (analyze) tickets, ticket_search, replies, customers, satisfaction_ratings`),
  ]);
  return { status: 'finished', run: await finishSeedRun(db), written, firstRun };
}

/**
 * The search index keeps new words in a pending list of 64 kB (migration 0020), which suits single
 * writes; merging a million tickets' words 64 kB at a time made the seed slower. While tickets are
 * written the list may grow to 4 MB, and is merged in large steps; then the limit is set back.
 */
async function withLargeWordList<T>(db: Db, write: () => Promise<T>): Promise<T> {
  await db.execute(sql`alter index ticket_search_idx set (gin_pending_list_limit = 4096)`);
  try {
    return await write();
  } finally {
    await db.execute(sql`alter index ticket_search_idx set (gin_pending_list_limit = 64)`);
  }
}

async function writeInBatches(db: Db, start: SeedRun, phase: SeedPhase, write: BatchWrite, written: SeedCounts, options: SeedOptions) {
  let run = start;
  const total = phase === 'customers' ? run.customers : run.tickets;
  const claim = rangeClaimer(missingRanges(writtenOf(run, phase), total));
  let size = options.batchSize ?? BATCH_SIZES[phase].first;
  let failed = false;
  options.onProgress?.({ phase, done: countRanges(writtenOf(run, phase)), total });

  async function worker() {
    for (let range = claim(size); range && !options.signal?.aborted && !failed; range = claim(size)) {
      const [first, last] = range;
      const began = performance.now();
      const counts = await db.transaction(async (tx) => {
        // A crash may lose the last commits: their ranges go with them, so they are written again.
        // generate_series and unnest make the row estimates far off, which would JIT-compile each batch for seconds.
        // A batch writes its tickets' search rows and report rollups itself (bulk_load), from whole histories at once.
        // The app's connections plan every statement for its values (db/client.ts); that includes the foreign key
        // checks PostgreSQL runs for each inserted row, which made a batch half as slow again. Here they keep one plan.
        await tx.execute(sql`select set_config('synchronous_commit', 'off', true), set_config('work_mem', '64MB', true),
                                    set_config('jit', 'off', true), set_config('plan_cache_mode', 'auto', true),
                                    set_config('loopdesk.bulk_load', 'on', true)`);
        const batch = await write(tx, first, last - first + 1);
        run = await recordBatch(tx, phase, range, batch);
        return batch;
      });
      written[phase] += last - first + 1;
      written.replies += counts.replies;
      written.events += counts.events;
      written.ratings += counts.ratings;
      const factor = TARGET_BATCH_MS / (performance.now() - began);
      if (!options.batchSize) size = Math.max(MIN_BATCH, Math.min(BATCH_SIZES[phase].max, Math.round(size * Math.min(2, Math.max(0.5, factor)))));
      options.onProgress?.({ phase, done: countRanges(writtenOf(run, phase)), total });
    }
  }

  const results = await Promise.allSettled(
    Array.from({ length: WORKERS }, () =>
      worker().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw alreadyWritten(failure.reason);
  return run;
}

/** Rows of this seed that exist already were written by another seed running at the same time. */
function alreadyWritten(error: unknown): unknown {
  if (!isUniqueViolation(error, 'tickets_pkey') && !isUniqueViolation(error, 'customers_pkey')) return error;
  return new ConflictError('Another `loopdesk seed` is writing to this database; let it finish, or stop it and run this again', {
    cause: error,
  });
}
