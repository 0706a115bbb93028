import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@/db/embedded';

export type SharedDatabase = { url: string; drop: () => Promise<void> };

/**
 * A database of the test's own for several app processes to share: on TEST_DATABASE_URL's server
 * when set (as in CI), else on an embedded server of the test's own under `dataDir`.
 */
export async function sharedDatabase(dataDir: string, name: string, embeddedPort: number): Promise<SharedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedDatabase(path.join(dataDir, 'pg-shared'), embeddedPort);
    serverUrl = embedded.url;
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}
