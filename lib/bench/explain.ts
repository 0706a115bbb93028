import { TransactionRollbackError } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { z } from 'zod';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';

/** Something to explain: a case's function, run once with a database handle. */
export type Probe = { name: string; run: (db: Db) => Promise<unknown> };
export type StatementTiming = { sql: string; planningMs: number; executionMs: number; sharedHit: number; sharedRead: number };
export type ProbeExplain = { name: string; statements: StatementTiming[]; error?: string };

type Statement = { sql: string; params: unknown[] };
type Sequence = { name: string; last: string | null; start: string };

const explainOutput = z.array(
  z.object({
    'Planning Time': z.number(),
    'Execution Time': z.number(),
    Plan: z.object({ 'Shared Hit Blocks': z.number().default(0), 'Shared Read Blocks': z.number().default(0) }),
  }),
);

// Statements EXPLAIN accepts; anything else a function sends (SET LOCAL, say) is replayed as it is.
const explainable = /^\s*(select|insert|update|delete|with|values|merge)\b/i;

class Rollback extends Error {}
const unlessRollback = (error: unknown) => {
  if (!(error instanceof Rollback) && !(error instanceof TransactionRollbackError)) throw error;
};

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of every statement each probe's function sends. The function runs
 * once on a connection of its own, in a transaction that is rolled back, with a Drizzle logger
 * recording each statement and its parameters; the statements are then replayed, each under
 * EXPLAIN ANALYZE, in a second rolled-back transaction. Writes replay as they ran: the sequences
 * the first run advanced are set back first, so the replayed inserts get the very ids the recorded
 * parameters name. Run it while nothing else writes to the database (suite.ts does, before the
 * servers start). Statements the function sends around Drizzle (the rate limiter's) are not seen.
 */
export async function explainProbes(url: string, probes: Probe[]): Promise<ProbeExplain[]> {
  const recorded: Statement[] = [];
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  // As db/client.ts connects, plus the recorder.
  const db = drizzle(sql, { schema, casing: 'snake_case', logger: { logQuery: (query, params) => void recorded.push({ sql: query, params }) } });
  const results: ProbeExplain[] = [];
  try {
    for (const probe of probes) {
      recorded.length = 0;
      const before = await sequences(sql);
      await db
        .transaction(async (tx) => {
          await probe.run(tx);
          tx.rollback();
        })
        .catch(unlessRollback);
      const after = new Map((await sequences(sql)).map((s) => [s.name, s.last]));
      const advanced = before.filter((s) => after.get(s.name) !== s.last);
      results.push({ name: probe.name, ...(await replay(sql, [...recorded], advanced)) });
    }
  } finally {
    await sql.end();
  }
  return results;
}

async function sequences(sql: postgres.Sql): Promise<Sequence[]> {
  const rows = await sql<{ name: string; last: string | null; start: string }[]>`
    select format('%I.%I', schemaname, sequencename) as name, last_value::text as last, start_value::text as start from pg_sequences`;
  return rows.map((r) => ({ name: r.name, last: r.last, start: r.start }));
}

async function replay(sql: postgres.Sql, statements: Statement[], rewind: Sequence[]) {
  const timings: StatementTiming[] = [];
  let error: string | undefined;
  await sql
    .begin(async (tx) => {
      for (const s of rewind) {
        await tx`select setval(${s.name}::regclass, ${s.last ?? s.start}::bigint, ${s.last !== null})`;
      }
      for (const statement of statements) {
        // Exactly what Drizzle handed to postgres.js's unsafe() when the function ran.
        const params = statement.params as postgres.ParameterOrJSON<never>[];
        if (!explainable.test(statement.sql)) {
          await tx.unsafe(statement.sql, params);
          continue;
        }
        const [row] = await tx.unsafe(`explain (analyze, buffers, format json) ${statement.sql}`, params);
        const [plan] = explainOutput.parse(row?.['QUERY PLAN']);
        timings.push({
          sql: statement.sql,
          planningMs: plan!['Planning Time'],
          executionMs: plan!['Execution Time'],
          sharedHit: plan!.Plan['Shared Hit Blocks'],
          sharedRead: plan!.Plan['Shared Read Blocks'],
        });
      }
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (e instanceof Rollback) return;
      error = e instanceof Error ? e.message : String(e);
    });
  return { statements: timings, ...(error ? { error } : {}) };
}

/** The timings, one line per statement under each probe's name and total. */
export function printExplain(explained: ProbeExplain[]) {
  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of each statement, planning + execution:');
  for (const probe of explained) {
    const total = probe.statements.reduce((sum, s) => sum + s.planningMs + s.executionMs, 0);
    const summary = `${probe.statements.length} statements, ${total.toFixed(2)} ms in all`;
    console.log(`  ${probe.name} (${summary})${probe.error ? `  replay stopped: ${probe.error}` : ''}`);
    for (const s of probe.statements) {
      const text = s.sql.replace(/\s+/g, ' ').trim();
      const timing = `${s.planningMs.toFixed(2)} + ${s.executionMs.toFixed(2)} ms`.padStart(20);
      console.log(
        `    ${timing}  hit ${String(s.sharedHit).padStart(6)} read ${String(s.sharedRead).padStart(6)}  ${text.slice(0, 90)}${text.length > 90 ? '…' : ''}`,
      );
    }
  }
}
