import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import type { FileStore } from '@/lib/files/store';
import { openArchive, verifyBackup } from './archive';
import { existingObjects, knownMigrations, serverVersion, tableCounts } from './database-facts';
import { BackupError } from './errors';
import { DUMP_ENTRY, FILES_PREFIX, type Manifest } from './manifest';
import { findPgTool, startPgTool, type PgTool } from './pg-tools';
import { readTar, type TarEntry } from './tar-read';

export type RestoreOptions = { databaseUrl: string; store: FileStore; file: string };
export type RestoreSummary = { manifest: Manifest; files: number; missing: string[] };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Restores a backup into an empty database and the given file store. The archive is read twice:
 * first whole, to check it (a damaged or cut-off archive is refused before anything is written),
 * then to restore. pg_restore runs in one transaction, so a failure leaves the database empty.
 * Afterwards the row counts are compared with the manifest's.
 */
export async function restoreDesk({ databaseUrl, store, file }: RestoreOptions): Promise<RestoreSummary> {
  const { manifest, end } = await verifyBackup(file);
  await refuseUnknownMigrations(manifest);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const present = await existingObjects(sql);
    if (present.length > 0) {
      throw new BackupError(
        `The database is not empty (it holds ${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}). ` +
          'Restore writes only into an empty database, so nothing is overwritten: create an empty one and point DATABASE_URL at it, ' +
          'or, for the embedded database, move LOOPDESK_DATA_DIR aside.',
      );
    }
    const server = await serverVersion(sql);
    const pgRestore = await findPgTool('pg_restore', {
      atLeast: manifest.postgres.pg_dump_major,
      prefer: server.major,
      purpose: `Restoring a backup made by pg_dump ${manifest.postgres.pg_dump_version}`,
    });
    let files = 0;
    for await (const entry of readTar(await openArchive(file))) {
      if (entry.path === DUMP_ENTRY) await restoreDump(entry, pgRestore, databaseUrl);
      else if (entry.path.startsWith(FILES_PREFIX)) {
        await restoreFile(entry, store);
        files++;
      }
    }
    compareCounts(manifest, await tableCounts(sql, manifest.tables_without_data));
    return { manifest, files, missing: end.missing };
  } finally {
    await sql.end();
  }
}

/** A database migrated further than this code knows would be run by code that does not know its tables. */
async function refuseUnknownMigrations(manifest: Manifest): Promise<void> {
  const known = await knownMigrations();
  const { applied, last } = manifest.migrations;
  if (applied > known.length || (last !== null && !known.some((m) => m.tag === last))) {
    throw new BackupError(
      `This backup was made by Loopdesk ${manifest.loopdesk_version}, whose database is migrated further (to ${last}) than this Loopdesk knows: ` +
        'update Loopdesk to that version or newer, then restore.',
    );
  }
}

async function restoreDump(entry: TarEntry, pgRestore: PgTool, databaseUrl: string): Promise<void> {
  // --no-owner and --no-privileges: the roles of the backed-up server need not exist here.
  const run = startPgTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'], databaseUrl);
  run.child.stdout.resume();
  const [piped, restored] = await Promise.allSettled([pipeline(Readable.from(entry.chunks()), run.child.stdin), run.done]);
  // A damaged archive explains a failing pg_restore (its input ended early), not the other way round.
  if (piped.status === 'rejected' && piped.reason instanceof BackupError) throw piped.reason;
  if (restored.status === 'rejected') {
    throw new BackupError(`The database could not be restored; it is left as it was. ${messageOf(restored.reason)}`, { cause: restored.reason });
  }
  if (piped.status === 'rejected') throw piped.reason;
}

async function restoreFile(entry: TarEntry, store: FileStore): Promise<void> {
  const key = entry.path.slice(FILES_PREFIX.length);
  const bytes = await entry.bytes();
  try {
    await store.putAt(key, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new BackupError(
      `The database is restored, but the file store did not take ${key}: ${messageOf(error)}. ` +
        'Put that right, then empty the database again (drop and create it) and run the restore once more.',
      { cause: error },
    );
  }
}

function compareCounts(manifest: Manifest, restored: Record<string, number>): void {
  const tables = new Set([...Object.keys(manifest.tables), ...Object.keys(restored)]);
  const differences = [...tables]
    .filter((t) => manifest.tables[t] !== restored[t])
    .map((t) => `${t}: ${restored[t] ?? 'no table'} rows, the backup had ${manifest.tables[t] ?? 'no table'}`);
  if (differences.length > 0) {
    throw new BackupError(`The restored database does not match the backup's manifest:\n  ${differences.join('\n  ')}`);
  }
}
