import fs from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import { z } from 'zod';
import { projectRoot } from '@/lib/project-root';

/** What backup and restore ask of a database; each works in a transaction or on a plain connection. */
type Sql = postgres.ISql;

export async function serverVersion(sql: Sql): Promise<{ major: number; text: string }> {
  const [row] = await sql<{ num: number; text: string }[]>`
    select current_setting('server_version_num')::int as num, current_setting('server_version') as text`;
  // server_version_num is major * 10000 + minor since PostgreSQL 10 (180004 is 18.4).
  return { major: Math.floor(row!.num / 10_000), text: row!.text };
}

/** The tables of the public schema that are Loopdesk's own (an extension's tables are its own business). */
async function publicTables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by c.relname`;
  return rows.map((r) => r.name);
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Exact row counts of the public tables, but for `skip`. A full scan each: backups are rare, and the counts are what restore checks. */
export async function tableCounts(sql: Sql, skip: string[] = []): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of (await publicTables(sql)).filter((t) => !skip.includes(t))) {
    const [row] = await sql.unsafe<{ rows: number }[]>(`select count(*)::float8 as rows from public.${quoted(table)}`);
    counts[table] = row!.rows;
  }
  return counts;
}

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number() })) });

/** The migrations this copy of Loopdesk knows, oldest first. */
export async function knownMigrations(): Promise<{ tag: string; when: number }[]> {
  const file = path.join(projectRoot(), 'db', 'migrations', 'meta', '_journal.json');
  return journalSchema.parse(JSON.parse(await fs.readFile(file, 'utf8'))).entries;
}

export async function loopdeskVersion(): Promise<string> {
  const file = path.join(projectRoot(), 'package.json');
  return z.object({ version: z.string() }).parse(JSON.parse(await fs.readFile(file, 'utf8'))).version;
}

/**
 * How far the database is migrated, or undefined when it has never been. Drizzle records each
 * applied migration by its journal timestamp (`when`), not its name, so the tag is looked up.
 */
export async function migrationLevel(sql: Sql): Promise<{ applied: number; last: string | null } | undefined> {
  const [table] = await sql<{ present: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
  if (!table?.present) return undefined;
  const [row] = await sql<{ applied: number; last: string | null }[]>`
    select count(*)::int as applied, max(created_at)::text as last from drizzle.__drizzle_migrations`;
  const known = await knownMigrations();
  const last = row?.last == null ? null : (known.find((m) => String(m.when) === row.last)?.tag ?? `unknown migration of ${row.last}`);
  return { applied: row?.applied ?? 0, last };
}

/**
 * What the database already holds besides extensions: a few of its public relations, then its
 * other schemas by name (drizzle, pgboss). Restore goes only into a database where this is empty.
 */
export async function existingObjects(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select name from (
      select c.relname as name, 0 as rank
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      union all
      select 'schema ' || n.nspname, 1
      from pg_namespace n
      where n.nspname not in ('public', 'information_schema') and n.nspname !~ '^pg_'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')
    ) found
    order by rank, name
    limit 6`;
  return rows.map((r) => r.name);
}
