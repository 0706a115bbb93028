import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import * as client from './client';
import { customers, departments } from './schema';

/** A second copy of db/client.ts and its schema, as Next's bundle holds beside server.ts's in one process. */
async function secondCopy() {
  vi.resetModules();
  const [other, schema] = await Promise.all([import('./client'), import('./schema')]);
  expect(other).not.toBe(client);
  return { other, otherCustomers: schema.customers };
}

describe('the connection pool', () => {
  it('is one per process, and each copy of the module queries it through its own drizzle', async () => {
    const { other, otherCustomers } = await secondCopy();
    expect(other.getSqlClient()).toBe(client.getSqlClient());
    expect(other.getDb()).not.toBe(client.getDb());
    expect(other.getDb()).toBe(other.getDb());

    // A row one copy writes, the other reads through its own tables: both run on the shared pool.
    await client.getDb().insert(customers).values({ email: 'one-pool@example.com', firstName: 'One' });
    const rows = await other
      .getDb()
      .select({ firstName: otherCustomers.firstName })
      .from(otherCustomers)
      .where(sql`${otherCustomers.email} = 'one-pool@example.com'`);
    expect(rows).toEqual([{ firstName: 'One' }]);
  });

  it('is opened again after either copy closes it', async () => {
    const { other } = await secondCopy();
    const before = client.getSqlClient();
    await other.closeDb();
    expect(client.getSqlClient()).not.toBe(before);
    expect(await client.getDb().execute(sql`select 1 as one`)).toEqual([{ one: 1 }]);
    expect(other.getSqlClient()).toBe(client.getSqlClient());
    expect(await other.getDb().execute(sql`select 2 as two`)).toEqual([{ two: 2 }]);
  });
});

/**
 * Which of two statements, one in a transaction and one in its savepoint, the connection holds
 * prepared; `label` makes them statements no earlier test sent.
 */
function preparedOnConnection(db: client.Db, label: string) {
  const id = (table: typeof customers | typeof departments) => sql<number>`${table.id}`.as(label);
  return db.transaction(async (tx) => {
    await tx
      .select({ id: id(customers) })
      .from(customers)
      .where(eq(customers.email, 'prepared@example.com'));
    await tx.transaction((savepoint) =>
      savepoint
        .select({ id: id(departments) })
        .from(departments)
        .where(eq(departments.name, 'prepared')),
    );
    const held = await tx.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
    return ['"customers"', '"departments"'].filter((table) => held.some((row) => row.statement.includes(`as "${label}" from ${table}`)));
  });
}

describe('statements', () => {
  it('are prepared on their connection, in transactions and savepoints too', async () => {
    expect(await preparedOnConnection(client.getDb(), 'prepared')).toEqual(['"customers"', '"departments"']);
  });

  it('are planned for their values every time, never given one plan for all', async () => {
    // PostgreSQL's default (auto) gave a search statement the plan of a rare word for every word.
    expect(await client.getDb().execute(sql`select current_setting('plan_cache_mode') as mode`)).toEqual([{ mode: 'force_custom_plan' }]);
  });

  it('are sent unprepared with LOOPDESK_DB_PREPARE=false', async () => {
    vi.stubEnv('LOOPDESK_DB_PREPARE', 'false');
    try {
      const { other } = await secondCopy();
      expect(await preparedOnConnection(other.getDb(), 'unprepared')).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
