import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * Empty databases besides the per-file one (lib/test/database-per-file.ts), on the same test
 * server, for tests that need a database with nothing in it: restoring a backup. Each is created
 * from template0, so it holds no more than a new database on any server would.
 */
export function emptyDatabases() {
  const serverUrl = process.env.LOOPDESK_TEST_SERVER_URL!;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const created: string[] = [];
  return {
    async create(): Promise<string> {
      const name = `loopdesk_empty_${randomBytes(6).toString('hex')}`;
      await admin.unsafe(`create database ${name} template template0`);
      created.push(name);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll(): Promise<void> {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
