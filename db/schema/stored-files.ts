import { customType, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Attachment bytes kept in the database (LOOPDESK_STORAGE=postgres), so any number of app
 * instances share them with no service besides PostgreSQL. Keyed by the attachment's
 * `storage_key`; the bytes are split into chunks so that no single value nears PostgreSQL's
 * 1 GB limit and no statement carries a whole large file (lib/files/stores/postgres.ts).
 */
export const storedFiles = pgTable('stored_files', {
  key: text().primaryKey(),
  size: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const storedFileChunks = pgTable(
  'stored_file_chunks',
  {
    key: text()
      .notNull()
      .references(() => storedFiles.key, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    bytes: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.seq] })],
);
