import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';

/**
 * A fresh, migrated database for one benchmark run: on BENCH_DATABASE_URL's (or
 * TEST_DATABASE_URL's) server when set, else on an embedded server under data/bench.
 * Sets DATABASE_URL for the app code the benchmark calls; `drop()` removes it all again.
 */
export async function benchDatabase() {
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedDatabase(path.resolve('data/bench'), 54331, true, BENCH_SERVER_SETTINGS);
    serverUrl = embedded.url;
  }
  const name = `loopdesk_bench_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  process.env.DATABASE_URL = url.toString();
  // A throwaway database: a throwaway key for the secrets stored in it (lib/security/secrets.ts).
  process.env.AUTH_SECRET ??= randomBytes(32).toString('base64url');
  return {
    server: embedded ? 'embedded PostgreSQL' : `PostgreSQL at ${new URL(serverUrl).host}`,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}

const BENCH_DATABASE = 'loopdesk_bench';
/**
 * The embedded benchmark server is set up as a server holding a million tickets would be: the
 * defaults (128 MB of shared buffers, a checkpoint every 1 GB of WAL) are sized for a laptop's
 * first start, and would make the seed wait on checkpoints and the reads on the OS cache. 4 GB
 * of shared buffers (a sixth of this 24 GB machine) matter beyond their size: a sequential scan of
 * a table larger than a quarter of them reads through a small ring of buffers, from the OS cache
 * every time, and 1 GB holds tickets (about 330 MB at 1M) and their search rows (about 540 MB).
 */
export const BENCH_SERVER_SETTINGS = {
  shared_buffers: '4GB',
  effective_cache_size: '8GB',
  max_wal_size: '20GB',
  wal_buffers: '64MB',
  checkpoint_timeout: '15min',
  maintenance_work_mem: '512MB',
};
let benchServer: EmbeddedDatabase | undefined;

/**
 * The persistent database `npm run bench:seed` fills and the benchmarks read: `loopdesk_bench` on
 * BENCH_DATABASE_URL's (or TEST_DATABASE_URL's) server, else on the embedded one under data/bench.
 * Created when missing (`fresh`: dropped and created again), migrated to this checkout, never
 * dropped. Returns its URL; closeBenchDatabase() stops the embedded server if this started it.
 */
export async function openBenchDatabase({ fresh = false }: { fresh?: boolean } = {}): Promise<string> {
  let serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    benchServer ??= await startEmbeddedDatabase(path.resolve('data/bench'), 54331, true, BENCH_SERVER_SETTINGS);
    serverUrl = benchServer.url;
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    if (fresh) await admin.unsafe(`drop database if exists ${BENCH_DATABASE} with (force)`);
    const [exists] = await admin`select 1 from pg_database where datname = ${BENCH_DATABASE}`;
    if (!exists) await admin.unsafe(`create database ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  await migrateDatabase(url.toString());
  return url.toString();
}

export async function closeBenchDatabase(): Promise<void> {
  await benchServer?.stop();
  benchServer = undefined;
}
