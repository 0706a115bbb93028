import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@/db/embedded';
import type { Envelope } from './api';
import { appEnv, type RunningApp } from './app-process';
import { eventually } from './webhook-receiver';

/**
 * The fault tests' shared kit: a PostgreSQL server the test owns (so it may stop and start it),
 * an app environment pointed at it, a timed API client and a bounded load of concurrent clients.
 */

/** A PostgreSQL server of the test's own, under `dir`, which the test may stop and start again. */
export type OwnDatabase = {
  url: string;
  /** A connection pool for the test's own checks; postgres.js reconnects after an outage. */
  sql: postgres.Sql;
  /** A fast shutdown (SIGINT): sessions are ended, open transactions rolled back. */
  stop(): Promise<void>;
  /** Starts the server again on the same files and port. */
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startOwnDatabase(dir: string, port: number): Promise<OwnDatabase> {
  const pgDir = path.join(dir, 'pg-own');
  let server: EmbeddedDatabase | undefined = await startEmbeddedDatabase(pgDir, port);
  const { url } = server;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    sql,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server = await startEmbeddedDatabase(pgDir, port);
    },
    async close() {
      await sql.end({ timeout: 5 });
      await server?.stop();
      server = undefined;
    },
  };
}

/**
 * `npm start`'s environment on the test's database. Webhooks may target the local receiver; the
 * limits are raised so that the load is never refused, while the limiter itself (whose store is
 * the same database) still runs on every request.
 */
export function faultAppEnv(dataDir: string, appPort: number, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...appEnv(dataDir, appPort, Number(new URL(databaseUrl).port)),
    DATABASE_URL: databaseUrl,
    LOOPDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    LOOPDESK_DEFAULT_RATE_LIMIT: '1000000',
    LOOPDESK_IP_RATE_LIMIT: '1000000',
  };
}

/** The admin API key the first start prints (it may arrive just after the "running" line). */
export function firstAdminKey(app: RunningApp): Promise<string> {
  return eventually(() => /API key: {2}(ld_live_\S+)\n/.exec(app.output())?.[1], 10_000);
}

/** One answer: status 0 when no HTTP answer came (connection refused or reset, or the timeout). */
export type Answer<T> = { status: number; body: Envelope<T> | undefined; ms: number; startedAt: number; failure?: string };

export type Api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, timeoutMs?: number) => Promise<Answer<T>>;

/** Calls /api/v1 with the key; never throws, so a load loop records every outcome. */
export function apiClient(baseUrl: string, key: string | undefined): Api {
  return async <T>(method: string, path: string, body?: unknown, timeoutMs = 20_000): Promise<Answer<T>> => {
    const startedAt = Date.now();
    try {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const envelope = envelopeOf<T>(await res.text());
      return { status: res.status, body: envelope, ms: Date.now() - startedAt, startedAt };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return { status: 0, body: undefined, ms: Date.now() - startedAt, startedAt, failure: cause instanceof Error ? cause.message : String(cause) };
    }
  };
}

/** The JSON envelope, or undefined for an empty or non-JSON body (which the status still reports). */
function envelopeOf<T>(text: string): Envelope<T> | undefined {
  try {
    return text ? (JSON.parse(text) as Envelope<T>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `clients` concurrent loops of `step` until `done()` says so, each at most `maxSteps`
 * times and `pauseMs` apart (a client's think time, which keeps failing requests from spinning).
 */
export async function runClients(
  clients: number,
  done: () => boolean,
  step: (client: number, round: number) => Promise<unknown>,
  { maxSteps = 2_000, pauseMs = 0 }: { maxSteps?: number; pauseMs?: number } = {},
): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let round = 0; round < maxSteps && !done(); round++) {
        await step(client, round);
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    }),
  );
}

/** Ticket ids with no ticket.created event in the outbox: a half-written ticket, if any. */
export async function ticketsWithoutCreatedEvent(sql: postgres.Sql): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select t.id from tickets t
    where not exists (select 1 from events e where e.type = 'ticket.created' and e.resource_id = t.id)`;
  return rows.map((r) => r.id);
}

/** Every ticket's id and number, and how many numbers occur more than once. */
export async function ticketNumbers(sql: postgres.Sql): Promise<{ byId: Map<number, string>; duplicated: number }> {
  const rows = await sql<{ id: number; number: string }[]>`select id, number from tickets`;
  const byId = new Map(rows.map((r) => [r.id, r.number]));
  return { byId, duplicated: rows.length - new Set(rows.map((r) => r.number)).size };
}

/** The ticket ids in the ticket.created webhooks a receiver got. */
export function deliveredTicketIds(bodies: string[]): Set<number> {
  const ids = new Set<number>();
  for (const body of bodies) {
    const parsed = JSON.parse(body) as { event: string; data: { ticket?: { id: number } } };
    if (parsed.event === 'ticket.created' && parsed.data.ticket) ids.add(parsed.data.ticket.id);
  }
  return ids;
}
