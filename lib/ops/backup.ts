import fs from 'node:fs/promises';
import { getTableName } from 'drizzle-orm';
import postgres from 'postgres';
import { storedFileChunks, storedFiles } from '@/db/schema';
import { MissingFileError, type FileStore } from '@/lib/files/store';
import { loopdeskVersion, migrationLevel, serverVersion, tableCounts } from './database-facts';
import { BackupError } from './errors';
import { BACKUP_FORMAT, DUMP_ENTRY, END_ENTRY, FILES_PREFIX, jsonBytes, MANIFEST_ENTRY, type Manifest } from './manifest';
import { findPgTool, startPgTool, type PgTool } from './pg-tools';
import { createTarFile, type TarWriter } from './tar-write';

/**
 * The postgres file store's tables hold attachment bytes, which the archive has under files/
 * whatever the store: the dump keeps their definitions and leaves out their rows, so each file
 * is in the archive once and a restore can put it into any store.
 */
const FILE_STORE_TABLES = [getTableName(storedFiles), getTableName(storedFileChunks)];

/** Files fetched ahead of the one being written: hides a remote store's latency, holds at most this many files in memory. */
const FETCH_AHEAD = 4;

export type BackupOptions = { databaseUrl: string; store: FileStore; file: string };
export type BackupSummary = { file: string; bytes: number; manifest: Manifest; files: number; missing: string[] };

/**
 * Writes the database and every attachment's bytes into one archive at `file`. The manifest's
 * counts, the dump and the list of files all come from one snapshot of the database (pg_dump
 * joins our transaction's exported snapshot), so they agree while the desk keeps working.
 * The archive is written as `<file>.partial` and renamed when whole.
 */
export async function backupDesk({ databaseUrl, store, file }: BackupOptions): Promise<BackupSummary> {
  if (await fs.stat(file).catch(() => undefined)) throw new BackupError(`${file} exists already: name a new file for the backup.`);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let archive: TarWriter | undefined;
  try {
    const server = await serverVersion(sql);
    const pgDump = await findPgTool('pg_dump', { atLeast: server.major, prefer: server.major, purpose: `Backing up a PostgreSQL ${server.major} database` });
    const written = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const migrations = await migrationLevel(tx);
      if (!migrations) throw new BackupError('Nothing to back up: this database has no Loopdesk tables.');
      const [{ snapshot }] = await tx<[{ snapshot: string }]>`select pg_export_snapshot() as snapshot`;
      const [{ keys }] = await tx<[{ keys: number }]>`select count(distinct storage_key)::float8 as keys from attachments`;
      const manifest: Manifest = {
        format: BACKUP_FORMAT,
        loopdesk_version: await loopdeskVersion(),
        created_at: new Date().toISOString(),
        migrations,
        postgres: { server_version: server.text, pg_dump_version: pgDump.version, pg_dump_major: pgDump.major },
        tables: await tableCounts(tx, FILE_STORE_TABLES),
        tables_without_data: FILE_STORE_TABLES,
        attachment_files: keys,
      };
      archive = await createTarFile(`${file}.partial`);
      await archive.add(MANIFEST_ENTRY, jsonBytes(manifest));
      await addDump(archive, pgDump, snapshot, databaseUrl);
      const files = await addFiles(archive, store, storageKeys(tx));
      await archive.add(END_ENTRY, jsonBytes({ files: files.written, missing: files.missing }));
      return { manifest, ...files };
    });
    await archive!.close();
    await fs.rename(`${file}.partial`, file);
    const { size } = await fs.stat(file);
    return { file, bytes: size, manifest: written.manifest, files: written.written, missing: written.missing };
  } catch (error) {
    await archive?.discard();
    throw error;
  } finally {
    await sql.end();
  }
}

async function addDump(archive: TarWriter, pgDump: PgTool, snapshot: string, databaseUrl: string): Promise<void> {
  const dump = startPgTool(
    pgDump,
    ['--format=custom', `--snapshot=${snapshot}`, ...FILE_STORE_TABLES.map((t) => `--exclude-table-data=public.${t}`)],
    databaseUrl,
  );
  dump.child.stdin.end();
  try {
    // A failing pg_dump ends its output early; its exit status, awaited with the copy, says why.
    await Promise.all([archive.addStream(DUMP_ENTRY, dump.child.stdout), dump.done]);
  } catch (error) {
    dump.child.kill();
    await dump.done.catch(() => undefined);
    throw error;
  }
}

/** The storage keys of the snapshot's attachments, read in pages by a cursor. */
async function* storageKeys(tx: postgres.TransactionSql): AsyncGenerator<string> {
  const pages = tx<{ key: string }[]>`select distinct storage_key as key from attachments order by storage_key`.cursor(500);
  for await (const page of pages) for (const { key } of page) yield key;
}

type Fetched = { key: string; bytes: Uint8Array | undefined };

/** The bytes of each key in order, fetched a few ahead; undefined for a key the store does not have. */
async function* fetchAhead(store: FileStore, keys: AsyncIterable<string>): AsyncGenerator<Fetched> {
  const pending: Promise<Fetched>[] = [];
  for await (const key of keys) {
    const fetching = store.get(key).then(
      (bytes) => ({ key, bytes }),
      (error: unknown) => {
        if (error instanceof MissingFileError) return { key, bytes: undefined };
        throw new BackupError(`The file store could not read ${key}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      },
    );
    // Handled here too: when an earlier file fails first, this one is never awaited, and its failure must not crash the process.
    fetching.catch(() => undefined);
    pending.push(fetching);
    if (pending.length >= FETCH_AHEAD) yield await pending.shift()!;
  }
  while (pending.length > 0) yield await pending.shift()!;
}

async function addFiles(archive: TarWriter, store: FileStore, keys: AsyncIterable<string>) {
  let written = 0;
  const missing: string[] = [];
  for await (const { key, bytes } of fetchAhead(store, keys)) {
    if (!bytes) {
      missing.push(key);
      continue;
    }
    await archive.add(`${FILES_PREFIX}${key}`, bytes);
    written++;
  }
  return { written, missing };
}
