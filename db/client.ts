import 'server-only';
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { config } from '@/lib/config';
import * as schema from './schema';

/** The database or a transaction on it: services accept either, so they compose inside a caller's transaction. */
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

// The pool is kept on globalThis: server.ts and Next's bundle each hold a copy of this module and
// of the schema in one process (and Next's reloading in development makes more), and they share one
// pool. Each copy wraps it in a drizzle of its own, given its own schema, so that its queries are
// built from the very tables its database object was given.
const holder = globalThis as typeof globalThis & { loopdeskSql?: postgres.Sql };
let wrapped: { sql: postgres.Sql; db: PostgresJsDatabase<typeof schema> } | undefined;

function connect(): postgres.Sql {
  const url = config().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm start`, which provides the database');
  // With PostgreSQL down a request fails fast (503) instead of hanging: it waits at most 5 s to
  // connect, and the pool retries within half a second rather than postgres.js's growing back-off
  // (up to 20 s, shared by the pool, reset only by a success).
  return postgres(url, {
    max: config().LOOPDESK_DB_POOL_SIZE,
    connect_timeout: 5,
    backoff: (retries) => Math.min(0.05 * 2 ** retries, 0.5),
    onnotice: () => {},
    // Prepared statements (see preparing()) are still planned for their values, as unprepared ones
    // were: a plan kept for every value would serve one search word and ruin another.
    connection: config().LOOPDESK_DB_PREPARE ? { plan_cache_mode: 'force_custom_plan' } : {},
  });
}

/** The pool's postgres.js client, for SQL written without drizzle (tests share theirs with the browser tests). */
export function getSqlClient(): postgres.Sql {
  holder.loopdeskSql ??= connect();
  return holder.loopdeskSql;
}

/**
 * drizzle asks postgres.js for a prepared statement only when a query is given a name, so each of its
 * statements with parameters took two round trips (Parse and Describe, then Bind and Execute) and was
 * parsed and planned anew. Through this client every statement is prepared on its connection the
 * first time it is sent, and afterwards is one round trip with no parse. It is still planned for its
 * values each time (plan_cache_mode, set on the connection): with PostgreSQL's default a statement
 * that had served a rare search word 300 times was given one plan for every word, and a common word's
 * search took 35-51 ms instead of 5. That also replans the foreign-key checks PostgreSQL runs for each
 * inserted row (about 15 µs each), which a bulk write sets back for its transaction (lib/seed/desk.ts).
 * Transactions and savepoints get a preparing client too.
 * LOOPDESK_DB_PREPARE=false turns it all off.
 */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => Promise<unknown>;
        // The callback comes last, after an optional mode or name.
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return open(...args, (tx: postgres.TransactionSql) => callback(preparing(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** The one connection pool of this process, through this copy's drizzle. */
export function getDb(): PostgresJsDatabase<typeof schema> {
  const sql = getSqlClient();
  if (wrapped?.sql !== sql) wrapped = { sql, db: drizzle(config().LOOPDESK_DB_PREPARE ? preparing(sql) : sql, { schema, casing: 'snake_case' }) };
  return wrapped.db;
}

export async function closeDb(): Promise<void> {
  const sql = holder.loopdeskSql;
  holder.loopdeskSql = undefined;
  wrapped = undefined;
  await sql?.end({ timeout: 5 });
}

/**
 * Calls `onNotify` with the payload of each NOTIFY on `channel` (over a connection of its own), and
 * `onListen` each time it starts listening: postgres.js listens again after a lost connection, and
 * whatever was notified meanwhile is gone. Returns the way to stop.
 */
export async function listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>> {
  const { unlisten } = await getSqlClient().listen(channel, onNotify, onListen);
  return unlisten;
}
