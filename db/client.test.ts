import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import * as client from './client';
import { customers } from './schema';

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
