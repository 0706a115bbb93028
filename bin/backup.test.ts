import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments } from '@/db/schema';
import { call } from '@/lib/test/api';
import { emptyDatabases } from '@/lib/test/databases';
import { createTicket, createKey } from '@/lib/test/factories';
import { everyByte } from '@/lib/test/files';

// The per-file database and data dir are in the environment; a restore gets its own of both.
const loopdesk = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/loopdesk.mjs', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-cli-backup-'));
const databases = emptyDatabases();

afterAll(async () => {
  await databases.dropAll();
  await fs.rm(dir, { recursive: true, force: true });
});

// Each run of the CLI starts a Node process that compiles the app's TypeScript: seconds apiece.
const CLI_RUNS = 120_000;

describe('loopdesk backup and restore', () => {
  it('backs up a desk into one file and restores it into an empty database and data dir', { timeout: CLI_RUNS }, async () => {
    const ticket = await createTicket();
    const form = new FormData();
    form.append('file', new File([everyByte], 'every-byte.bin'));
    expect((await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, { key: await createKey('write'), rawBody: form })).status).toBe(201);
    const file = path.join(dir, 'desk.tar');

    const backup = loopdesk({}, 'backup', file);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up 1 ticket, 0 replies and 1 attachment file to .*desk\.tar \(\d+\.\d MB\) in \d+\.\d s\.\n/);

    const dataDir = path.join(dir, 'restored-data');
    const target = { DATABASE_URL: await databases.create(), LOOPDESK_DATA_DIR: dataDir };
    const restore = loopdesk(target, 'restore', file);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^Restored 1 ticket, 0 replies and 1 attachment file from the backup of \S+Z \(Loopdesk \S+\); the row counts match it\.\n/);
    const [row] = await getDb().select().from(attachments);
    expect(new Uint8Array(await fs.readFile(path.join(dataDir, 'files', row!.storageKey)))).toEqual(everyByte);

    const again = loopdesk(target, 'restore', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^Error: The database is not empty/);
  });

  it('answers a damaged archive or a missing file name with a message, not a stack trace', { timeout: CLI_RUNS }, async () => {
    const junk = path.join(dir, 'junk.tar');
    await fs.writeFile(junk, 'not a backup');
    const run = loopdesk({ DATABASE_URL: await databases.create() }, 'restore', junk);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('Error: This file is not a Loopdesk backup: it is too short to be a tar archive.\n');
    const unnamed = loopdesk({}, 'restore');
    expect(unnamed.status).toBe(1);
    expect(unnamed.stderr).toBe('Error: Name the backup to restore: loopdesk restore FILE\n');
  });
});
