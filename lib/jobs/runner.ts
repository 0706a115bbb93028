import PgBoss from 'pg-boss';
import { listen } from '@/db/client';
import { config } from '@/lib/config';
import { driverMessage } from '@/lib/errors';
import { log } from '@/lib/log';
import { queueConfig } from './queue';
import { throttle } from './throttle';

/**
 * Starts a pg-boss instance that works queues from this process (several app instances may; a job
 * is held by one at a time), with room in its pool for `workers` loops and its own upkeep.
 */
export async function startJobRunner(label: string, workers: number): Promise<PgBoss> {
  const boss = new PgBoss({
    ...queueConfig(config().DATABASE_URL!),
    max: workers + 2,
    migrate: false,
    supervise: true,
    schedule: true,
    // Expired jobs (their process died mid-attempt) are found and retried within this.
    maintenanceIntervalSeconds: 15,
  });
  boss.on('error', (error: Error) => log('error', `${label} queue error`, { error: error.message }));
  await boss.start();
  return boss;
}

type QueueWork<T extends object> = {
  queue: string;
  /** The channel a transaction that queued jobs notifies on commit (lib/jobs/queue.ts queueJobs). */
  wakeChannel: string;
  workers: number;
  batchSize: number;
  pollingIntervalSeconds: number;
  label: string;
  handle: (jobs: T[]) => Promise<void>;
};

/**
 * A wake-up goes out at once after a quiet spell, and under a stream of commits at most once per
 * this interval: the jobs of the commits meanwhile wait for it and go in one batch. Claiming,
 * sending and recording a batch costs about as much whatever its size, and it runs on the thread that
 * serves requests: one batch per commit took about as much CPU as the request that made the commit.
 */
const WAKE_INTERVAL_MS = 100;

/**
 * `workers` polling loops on `queue`, each taking a batch at a time, woken when a transaction
 * that queued jobs commits (WAKE_INTERVAL_MS): one loop per wake-up, in turn (waking all of them
 * sent a fetch each for one job). A loop that takes a full batch looks again at once. A failed
 * batch is retried by pg-boss after its backoff. Returns the LISTEN's end.
 */
export async function workQueue<T extends object>(boss: PgBoss, work: QueueWork<T>): Promise<() => Promise<void>> {
  const ids: string[] = [];
  for (let i = 0; i < work.workers; i++) {
    const id = await boss.work<T>(work.queue, { batchSize: work.batchSize, pollingIntervalSeconds: work.pollingIntervalSeconds }, async (jobs) => {
      try {
        await work.handle(jobs.map((job) => job.data));
      } catch (error) {
        log('error', `${work.label} batch failed`, { jobs: jobs.map((job) => job.data), error: driverMessage(error) });
        throw error;
      }
      if (jobs.length === work.batchSize) boss.notifyWorker(id);
    });
    ids.push(id);
  }
  let turn = 0;
  const wake = throttle(() => boss.notifyWorker(ids[turn++ % ids.length]!), WAKE_INTERVAL_MS);
  const unlisten = await listen(work.wakeChannel, wake.call);
  return async () => {
    wake.cancel();
    await unlisten();
  };
}
