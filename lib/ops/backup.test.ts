import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { attachments, storedFiles, tickets } from '@/db/schema';
import { config, useDatabaseUrl } from '@/lib/config';
import { fileStore } from '@/lib/files/store';
import { diskStore } from '@/lib/files/stores/disk';
import { postgresStore } from '@/lib/files/stores/postgres';
import { call } from '@/lib/test/api';
import { emptyDatabases } from '@/lib/test/databases';
import { createTicket, createCustomer, createKey } from '@/lib/test/factories';
import { base64, everyByte } from '@/lib/test/files';
import type { TicketJson } from '@/lib/tickets/schema';
import { backupDesk, type BackupSummary } from './backup';
import { existingObjects } from './database-facts';
import { BackupError } from './errors';
import { DUMP_ENTRY, END_ENTRY, jsonBytes, MANIFEST_ENTRY, type Manifest } from './manifest';
import { restoreDesk } from './restore';
import { readTar } from './tar-read';
import { createTarFile } from './tar-write';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-backup-'));
const databases = emptyDatabases();
const sourceUrl = config().DATABASE_URL!;
const pdfBytes = Buffer.from('%PDF-1.4\n1. Reset the password hash\n2. Sign in again\n%%EOF\n');

let key: string;
let ticket: TicketJson;
let backup: BackupSummary;
let ticketBefore: TicketJson;

beforeAll(async () => {
  const customer = await createCustomer();
  key = await createKey('write');
  ticket = await createTicket({ customer_id: customer.id, priority: 'high' });
  const reply = await call('POST', `/api/v1/tickets/${ticket.id}/replies`, {
    key,
    body: { content: 'Here are the steps.', type: 'public', attachments: [{ filename: 'every-byte.bin', content: base64(everyByte) }] },
  });
  expect(reply.status).toBe(201);
  const form = new FormData();
  form.append('file', new File([pdfBytes], 'solution_steps.pdf', { type: 'application/pdf' }));
  expect((await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, { key, rawBody: form })).status).toBe(201);
  // Read through the API before the backup: each request counts in the key's rate-limit row, which the backup holds.
  ticketBefore = (await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key })).body.data;
  backup = await backupDesk({ databaseUrl: sourceUrl, store: fileStore(), file: path.join(dir, 'desk.tar') });
});

afterAll(async () => {
  await databases.dropAll();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Every row of every public table as text, sorted, and every sequence's position: the whole database's content. */
async function contentOf(url: string): Promise<Record<string, string[]>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const content: Record<string, string[]> = {};
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
    for (const { name } of tables) {
      const [row] = await sql.unsafe<[{ rows: string[] }]>(`select coalesce(array_agg(t::text order by t::text), '{}') as rows from public."${name}" t`);
      content[name] = row.rows;
    }
    const sequences = await sql<{ name: string; last: string | null }[]>`
      select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public'`;
    for (const { name, last } of sequences) content[`sequence ${name}`] = [String(last)];
    return content;
  } finally {
    await sql.end();
  }
}

/** Runs `work` with the app's connection (the API, the services) on the database at `url`. */
async function usingDatabase<T>(url: string, work: () => Promise<T>): Promise<T> {
  await closeDb();
  useDatabaseUrl(url);
  try {
    return await work();
  } finally {
    await closeDb();
    useDatabaseUrl(sourceUrl);
  }
}

async function restoreError(options: Parameters<typeof restoreDesk>[0]): Promise<BackupError> {
  const error = await restoreDesk(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

/** An archive in the backup's shape around a manifest and dump of our choosing. */
async function craftedBackup(name: string, manifest: Partial<Manifest>, dump: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  const tar = await createTarFile(file);
  await tar.add(MANIFEST_ENTRY, jsonBytes({ ...backup.manifest, ...manifest }));
  await tar.add(DUMP_ENTRY, dump);
  await tar.add(END_ENTRY, jsonBytes({ files: 0, missing: [] }));
  await tar.close();
  return file;
}

/** The table of contents of the archive's dump, as `pg_restore --list` prints it. */
async function dumpListing(file: string): Promise<string> {
  for await (const entry of readTar(createReadStream(file))) {
    if (entry.path !== DUMP_ENTRY) continue;
    const listed = spawnSync('pg_restore', ['--list'], { input: await entry.bytes(), encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    return listed.stdout;
  }
  throw new Error(`No ${DUMP_ENTRY} in ${file}`);
}

const isEmpty = async (url: string) => {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await existingObjects(sql)).length === 0;
  } finally {
    await sql.end();
  }
};

describe('backup and restore', () => {
  it('records what it backed up in the manifest', () => {
    expect(backup.files).toBe(2);
    expect(backup.missing).toEqual([]);
    expect(backup.manifest).toMatchObject({
      format: 'loopdesk-backup/1',
      tables: expect.objectContaining({ tickets: 1, replies: 1, attachments: 2 }),
      tables_without_data: ['stored_files', 'stored_file_chunks'],
      attachment_files: 2,
    });
    expect(backup.manifest.migrations.last).toMatch(/^\d{4}_/);
  });

  it('restores every row and attachment into an empty database and file store, where the API key still works', async () => {
    const targetUrl = await databases.create();
    const targetStore = diskStore(path.join(dir, 'restored-files'));

    const restored = await restoreDesk({ databaseUrl: targetUrl, store: targetStore, file: backup.file });

    expect(restored).toMatchObject({ files: 2, missing: [] });
    expect(await contentOf(targetUrl)).toEqual(await contentOf(sourceUrl));
    const rows = await getDb().select().from(attachments);
    for (const row of rows) expect(await targetStore.get(row.storageKey)).toEqual(await fileStore().get(row.storageKey));
    expect(rows.map((r) => r.size).sort()).toEqual([everyByte.length, pdfBytes.length].sort());

    await usingDatabase(targetUrl, async () => {
      const after = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key });
      expect(after.status).toBe(200);
      expect(after.body.data).toEqual(ticketBefore);
      // The sequences came back too: a new ticket gets a new id and number.
      const created = await call<TicketJson>('POST', '/api/v1/tickets', { key, body: { subject: 'After the restore' } });
      expect(created.status).toBe(201);
      expect(created.body.data.id).toBeGreaterThan(ticket.id);
      expect(created.body.data.number).not.toBe(ticket.number);
    });
  });

  it('restores a backup compressed with gzip afterwards', async () => {
    const gzipped = path.join(dir, 'desk.tar.gz');
    await fs.writeFile(gzipped, gzipSync(await fs.readFile(backup.file)));
    const restored = await restoreDesk({ databaseUrl: await databases.create(), store: diskStore(path.join(dir, 'gz-files')), file: gzipped });
    expect(restored.files).toBe(2);
  });

  it('refuses a database that is not empty, and leaves it as it was', async () => {
    const error = await restoreError({ databaseUrl: sourceUrl, store: diskStore(path.join(dir, 'unused')), file: backup.file });
    expect(error.message).toMatch(/^The database is not empty \(it holds [a-z_.]+, .*\)\. Restore writes only into an empty database/);
    expect(await getDb().$count(tickets)).toBe(1);
  });

  it('refuses a cut-off or damaged archive before it writes anything', async () => {
    const bytes = await fs.readFile(backup.file);
    const targetUrl = await databases.create();
    const targetDir = path.join(dir, 'never-written');
    const store = diskStore(targetDir);

    const cut = path.join(dir, 'cut.tar');
    await fs.writeFile(cut, bytes.subarray(0, bytes.length / 2));
    expect((await restoreError({ databaseUrl: targetUrl, store, file: cut })).message).toBe(
      `The archive is truncated: it ends inside database.pgdump, after ${bytes.length / 2} bytes. Was it copied completely?`,
    );
    await fs.writeFile(cut, bytes.subarray(0, bytes.length - 1024));
    expect((await restoreError({ databaseUrl: targetUrl, store, file: cut })).message).toMatch(
      /^The archive is truncated: it ends before its end-of-archive marker/,
    );

    const flipped = Buffer.from(bytes);
    // A byte inside the dump, which starts with pg_dump's magic "PGDMP".
    const inDump = flipped.indexOf('PGDMP') + 100;
    flipped[inDump] = flipped[inDump]! ^ 0xff;
    const damaged = path.join(dir, 'damaged.tar');
    await fs.writeFile(damaged, flipped);
    expect((await restoreError({ databaseUrl: targetUrl, store, file: damaged })).message).toBe(
      'The archive is damaged: database.pgdump does not match its checksum.',
    );

    const missing = await restoreError({ databaseUrl: targetUrl, store, file: path.join(dir, 'no-such.tar') });
    expect(missing.message).toMatch(/^Cannot read the backup .*no-such\.tar: ENOENT/);

    expect(await isEmpty(targetUrl)).toBe(true);
    await expect(fs.stat(targetDir)).rejects.toThrow(/ENOENT/);
  });

  it('leaves the database empty when pg_restore fails', async () => {
    const file = await craftedBackup('not-a-dump.tar', {}, Buffer.from('not a pg_dump archive'));
    const targetUrl = await databases.create();
    const error = await restoreError({ databaseUrl: targetUrl, store: diskStore(path.join(dir, 'unused')), file });
    expect(error.message).toMatch(/^The database could not be restored; it is left as it was\. pg_restore \d+\S* failed \(exit code 1\):\npg_restore: error: /);
    expect(await isEmpty(targetUrl)).toBe(true);
  });

  it('refuses a backup whose database is migrated further than this Loopdesk knows', async () => {
    const file = await craftedBackup('future.tar', { loopdesk_version: '9.0.0', migrations: { applied: 999, last: '0999_from_the_future' } }, Buffer.from('x'));
    const error = await restoreError({ databaseUrl: await databases.create(), store: diskStore(path.join(dir, 'unused')), file });
    expect(error.message).toBe(
      'This backup was made by Loopdesk 9.0.0, whose database is migrated further (to 0999_from_the_future) than this Loopdesk knows: update Loopdesk to that version or newer, then restore.',
    );
  });

  it('never overwrites a file, and says when a database has nothing to back up', async () => {
    const again = backupDesk({ databaseUrl: sourceUrl, store: fileStore(), file: backup.file });
    await expect(again).rejects.toThrow(`${backup.file} exists already: name a new file for the backup.`);
    const empty = backupDesk({ databaseUrl: await databases.create(), store: fileStore(), file: path.join(dir, 'nothing.tar') });
    await expect(empty).rejects.toThrow('Nothing to back up: this database has no Loopdesk tables.');
    await expect(fs.stat(path.join(dir, 'nothing.tar.partial'))).rejects.toThrow(/ENOENT/);
  });

  it('keeps each file once for a desk on the postgres store, and restores into the postgres store of the new database', async () => {
    const rows = await getDb().select().from(attachments);
    for (const row of rows) await postgresStore(getDb).putAt(row.storageKey, await fileStore().get(row.storageKey));
    const onPostgres = await backupDesk({ databaseUrl: sourceUrl, store: postgresStore(getDb), file: path.join(dir, 'postgres-store.tar') });
    expect(onPostgres.files).toBe(2);
    expect(Object.keys(onPostgres.manifest.tables)).not.toContain('stored_file_chunks');
    // The dump holds the chunk table's definition but not its rows: the bytes are only under files/.
    const listing = await dumpListing(onPostgres.file);
    expect(listing).toMatch(/ TABLE public stored_file_chunks /);
    expect(listing).not.toMatch(/ TABLE DATA public stored_file_chunks /);
    expect(listing).toMatch(/ TABLE DATA public attachments /);

    const targetUrl = await databases.create();
    await usingDatabase(targetUrl, async () => {
      await restoreDesk({ databaseUrl: targetUrl, store: postgresStore(getDb), file: onPostgres.file });
      expect(await getDb().$count(storedFiles)).toBe(2);
      for (const row of rows) expect(await postgresStore(getDb).get(row.storageKey)).toEqual(await fileStore().get(row.storageKey));
    });
    await getDb().delete(storedFiles);
  });

  it('backs up a desk whose store lost a file, lists the key, and restores the rest', async () => {
    const [lost] = await getDb().select().from(attachments).limit(1);
    await fileStore().remove(lost!.storageKey);
    const partial = await backupDesk({ databaseUrl: sourceUrl, store: fileStore(), file: path.join(dir, 'lost-file.tar') });
    expect(partial).toMatchObject({ files: 1, missing: [lost!.storageKey] });
    const restored = await restoreDesk({ databaseUrl: await databases.create(), store: diskStore(path.join(dir, 'lost')), file: partial.file });
    expect(restored).toMatchObject({ files: 1, missing: [lost!.storageKey] });
  });
});
