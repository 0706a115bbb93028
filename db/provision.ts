import { config, useDatabaseUrl } from '@/lib/config';
import { startEmbeddedDatabase } from './embedded';

/** The embedded server's port unless LOOPDESK_DB_PORT says otherwise (the next free one when taken). */
const DEFAULT_DB_PORT = 54329;

export type ProvidedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/** DATABASE_URL when set; otherwise the embedded server under LOOPDESK_DATA_DIR (shared with a running app). */
export async function provideDatabase(): Promise<ProvidedDatabase> {
  const { DATABASE_URL, dataDir, LOOPDESK_DB_PORT } = config();
  if (DATABASE_URL) return { url: DATABASE_URL, embedded: false, stop: async () => {} };
  const server = await startEmbeddedDatabase(dataDir, LOOPDESK_DB_PORT ?? DEFAULT_DB_PORT, LOOPDESK_DB_PORT !== undefined);
  useDatabaseUrl(server.url);
  return { url: server.url, embedded: true, stop: server.stop };
}
