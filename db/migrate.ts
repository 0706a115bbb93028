import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { projectRoot } from '@/lib/project-root';
import { installQueues } from '@/lib/jobs/queue';

const migrationsFolder = path.join(projectRoot(), 'db', 'migrations');

/** Applies pending migrations from db/migrations and installs the job queue; safe to run on every start. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // One connection, so the advisory lock holds while two processes start at once.
    await sql`select pg_advisory_lock(7243001)`;
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end();
  }
  await installQueues(url);
}
