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
    embedded = await startEmbeddedDatabase(path.resolve('data/bench'), 54331);
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
