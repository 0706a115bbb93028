import 'server-only';
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { config } from '@/lib/config';
import * as schema from './schema';

/** The database or a transaction on it: services accept either, so they compose inside a caller's transaction. */
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

type Connection = { sql: postgres.Sql; db: PostgresJsDatabase<typeof schema> };

// Kept on globalThis so that Next's module reloading in development does not open a pool per reload.
const holder = globalThis as typeof globalThis & { loopdeskDb?: Connection };

function connect(): Connection {
  const url = config().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm start`, which provides the database');
  // With PostgreSQL down a request fails fast (503) instead of hanging: it waits at most 5 s to
  // connect, and the pool retries within half a second rather than postgres.js's growing back-off
  // (up to 20 s, shared by the pool, reset only by a success).
  const sql = postgres(url, {
    max: config().LOOPDESK_DB_POOL_SIZE,
    connect_timeout: 5,
    backoff: (retries) => Math.min(0.05 * 2 ** retries, 0.5),
    onnotice: () => {},
  });
  return { sql, db: drizzle(sql, { schema, casing: 'snake_case' }) };
}

const connection = (): Connection => (holder.loopdeskDb ??= connect());

/** The one connection pool of this process. */
export function getDb(): PostgresJsDatabase<typeof schema> {
  return connection().db;
}

/** The pool's postgres.js client, for SQL written without drizzle (tests share theirs with the browser tests). */
export function getSqlClient(): postgres.Sql {
  return connection().sql;
}

export async function closeDb(): Promise<void> {
  const conn = holder.loopdeskDb;
  holder.loopdeskDb = undefined;
  await conn?.sql.end({ timeout: 5 });
}

/**
 * Calls `onNotify` with the payload of each NOTIFY on `channel` (over a connection of its own), and
 * `onListen` each time it starts listening: postgres.js listens again after a lost connection, and
 * whatever was notified meanwhile is gone. Returns the way to stop.
 */
export async function listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>> {
  getDb();
  const { unlisten } = await holder.loopdeskDb!.sql.listen(channel, onNotify, onListen);
  return unlisten;
}
