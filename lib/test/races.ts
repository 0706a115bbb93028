import { sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';

/**
 * Runs `request` while `write` sits uncommitted in another transaction, commits once the request
 * is blocked on it (so the request's own checks ran before the row was visible), and returns the
 * request's outcome: how a concurrent twin request plays out, without relying on timing.
 */
export async function raceWithUncommitted<T>(write: (tx: Db) => Promise<unknown>, request: () => Promise<T>): Promise<T> {
  let outcome: Promise<T> | undefined;
  await getDb().transaction(async (tx) => {
    await write(tx);
    outcome = request();
    await untilSomeoneWaitsForALock();
  });
  return outcome!;
}

async function untilSomeoneWaitsForALock() {
  for (let attempt = 0; attempt < 400; attempt++) {
    const waiting = await getDb().execute(sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('The request never waited for the uncommitted row');
}
