import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgTool } from './pg-tools';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-pg-bin-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** A folder with a stand-in pg_dump that only answers --version, as PostgreSQL's does. */
async function folderWithPgDump(version: string): Promise<string> {
  const bin = await fs.mkdtemp(path.join(dir, 'bin-'));
  await fs.writeFile(path.join(bin, 'pg_dump'), `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version}"\n`, { mode: 0o755 });
  return bin;
}

describe('finding pg_dump and pg_restore', () => {
  it("finds this machine's pg_dump for the test server's version", async () => {
    const tool = await findPgTool('pg_dump', { atLeast: 15, prefer: 15, purpose: 'Backing up', binDir: undefined });
    expect(tool.major).toBeGreaterThanOrEqual(15);
    expect(tool.version).toMatch(new RegExp(`^${tool.major}\\.`));
  });

  it('takes the pg_dump in LOOPDESK_PG_BIN when its version will do, and reads its version from it', async () => {
    const bin = await folderWithPgDump('18.4');
    expect(await findPgTool('pg_dump', { atLeast: 18, purpose: 'Backing up', binDir: bin })).toEqual({
      program: 'pg_dump',
      file: path.join(bin, 'pg_dump'),
      version: '18.4',
      major: 18,
    });
  });

  it('says what to install when no pg_dump is new enough for the server', async () => {
    const bin = await folderWithPgDump('17.2 (Debian 17.2-1)');
    const error = findPgTool('pg_dump', { atLeast: 18, purpose: 'Backing up a PostgreSQL 18 database', binDir: bin });
    await expect(error).rejects.toThrow(
      [
        `Backing up a PostgreSQL 18 database needs pg_dump 18 or newer; found only pg_dump 17.2 (${path.join(bin, 'pg_dump')}).`,
        'Install the PostgreSQL 18 client programs (Debian/Ubuntu: the postgresql-client-18 package from apt.postgresql.org;',
        'RHEL: postgresql18 from the PGDG repository; macOS: brew install postgresql@18),',
        'and if they are not on PATH, set LOOPDESK_PG_BIN to their folder (e.g. /usr/lib/postgresql/18/bin).',
        'The embedded PostgreSQL that Loopdesk starts comes without pg_dump.',
      ].join('\n'),
    );
    const empty = await fs.mkdtemp(path.join(dir, 'empty-'));
    await expect(findPgTool('pg_restore', { atLeast: 15, purpose: 'Restoring', binDir: empty })).rejects.toThrow(
      `Restoring needs pg_restore 15 or newer; none was found in LOOPDESK_PG_BIN (${empty}).`,
    );
  });

  it('looks beyond PATH for a newer version, and names what it found when none will do', async () => {
    const error = findPgTool('pg_dump', { atLeast: 99, purpose: 'Backing up a PostgreSQL 99 database', binDir: undefined });
    await expect(error).rejects.toThrow(/^Backing up a PostgreSQL 99 database needs pg_dump 99 or newer; found only pg_dump \d+/);
  });
});
