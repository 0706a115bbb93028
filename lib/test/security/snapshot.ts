import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';

/**
 * What a refused request must leave as it found it: each application table's row count and an
 * md5 of all its rows, in a stable order.
 *
 * Left out, because they legitimately change on requests that change nothing else:
 * - rate_limits: every request, refused or not, spends from a budget (lib/api/rate-limit.ts);
 * - api_keys.last_used_at: a key's first use in a minute records it, even when the key then
 *   lacks the permission (lib/api-keys/service.ts touchApiKey).
 * Nothing else is left out: a refused request may not end a session, write presence, an event,
 * a delivery or an idempotency record.
 */
const SKIPPED_TABLES = new Set(['rate_limits']);
const SKIPPED_COLUMNS: Record<string, string[]> = { api_keys: ['last_used_at'] };

export type Snapshot = Record<string, { rows: number; md5: string }>;

let query: string | undefined;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** One statement over every table, so the snapshot is consistent; the schema is read once per file. */
async function snapshotQuery(): Promise<string> {
  if (query) return query;
  const columns = await getDb().execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`);
  const byTable = new Map<string, string[]>();
  for (const { table_name: table, column_name: column } of columns) {
    if (SKIPPED_TABLES.has(table) || SKIPPED_COLUMNS[table]?.includes(column)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  query = [...byTable]
    .map(
      ([table, cols]) =>
        `select '${table}' as "table", count(*)::int as rows, md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as md5 ` +
        `from (select ${cols.map(quote).join(', ')} from public.${quote(table)}) r`,
    )
    .join('\nunion all\n');
  return query;
}

export async function snapshotTables(): Promise<Snapshot> {
  const rows = await getDb().execute<{ table: string; rows: number; md5: string }>(sql.raw(await snapshotQuery()));
  return Object.fromEntries(rows.map((r) => [r.table, { rows: r.rows, md5: r.md5 }]));
}

/** The tables whose content differs between two snapshots, with their row counts: `tickets 3→4`. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables]
    .filter((t) => before[t]?.md5 !== after[t]?.md5)
    .map((t) => `${t} ${before[t]?.rows ?? '-'}→${after[t]?.rows ?? '-'}`)
    .sort();
}
