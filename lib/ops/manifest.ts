import { z } from 'zod';

/**
 * A Loopdesk backup is a tar archive holding, in this order:
 *   loopdesk-backup.json       the manifest below
 *   database.pgdump            `pg_dump --format=custom` of the whole database
 *   files/<storage key>        the bytes of each attachment, one entry per key
 *   loopdesk-backup-end.json   what was written, so a cut-off archive is told from a whole one
 * Each entry carries its SHA-256 in a pax record; restore checks all of them before it starts.
 */
export const BACKUP_FORMAT = 'loopdesk-backup/1';
export const MANIFEST_ENTRY = 'loopdesk-backup.json';
export const DUMP_ENTRY = 'database.pgdump';
export const FILES_PREFIX = 'files/';
export const END_ENTRY = 'loopdesk-backup-end.json';

const count = z.number().int().nonnegative();

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  loopdesk_version: z.string(),
  created_at: z.iso.datetime(),
  /** Drizzle migrations applied to the database, and the tag of the last one. */
  migrations: z.object({ applied: count, last: z.string().nullable() }),
  postgres: z.object({ server_version: z.string(), pg_dump_version: z.string(), pg_dump_major: count }),
  /** Rows per table of the public schema, counted in the snapshot the dump was taken from. */
  tables: z.record(z.string(), count),
  /** Tables whose rows the dump leaves out because their bytes are under files/ (the postgres file store). */
  tables_without_data: z.array(z.string()),
  /** Distinct storage keys of the attachments in that snapshot. */
  attachment_files: count,
});
export type Manifest = z.infer<typeof manifestSchema>;

export const endSchema = z.object({
  files: count,
  /** Keys whose bytes the file store did not have when the backup was made. */
  missing: z.array(z.string()),
});
export type BackupEnd = z.infer<typeof endSchema>;

export const jsonBytes = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
