import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { systemContext } from '@/lib/context';
import { createCustomFieldSchema } from '@/lib/custom-fields/schema';
import { createCustomField } from '@/lib/custom-fields/service';
import { createCategorySchema, createDepartmentSchema } from '@/lib/organisation/schema';
import { createCategory, createDepartment } from '@/lib/organisation/service';

const system = () => systemContext(getDb(), 'test-fixture');

let counter = 0;
/** A name no other fixture in this test file has. */
export const uniqueName = (base: string) => `${base} ${++counter}`;

/** A department made through the service, as POST /departments makes it. */
export function departmentFixture(input: Partial<z.input<typeof createDepartmentSchema>> = {}) {
  return createDepartment(system(), createDepartmentSchema.parse({ name: uniqueName('Technical Support'), ...input }));
}

export function categoryFixture(input: Partial<z.input<typeof createCategorySchema>> = {}) {
  return createCategory(system(), createCategorySchema.parse({ name: uniqueName('Login Issues'), ...input }));
}

export function customFieldFixture(input: Partial<z.input<typeof createCustomFieldSchema>> = {}) {
  return createCustomField(
    system(),
    createCustomFieldSchema.parse({ entity: 'ticket', key: `field_${++counter}`, label: 'Field', type: 'text', ...input }),
  );
}

/**
 * Runs `request` while `write` sits uncommitted in another transaction, commits once the request
 * is blocked on it (so the request's own checks ran before the row was visible), and returns the
 * request's outcome: how a concurrent twin request plays out, without relying on timing.
 */
export async function raceWithUncommitted<T>(write: (tx: Db) => Promise<unknown>, request: () => Promise<T>): Promise<T> {
  let outcome: Promise<T> | undefined;
  await getDb().transaction(async (tx) => {
    await write(tx);
    outcome = request();
    await untilSomeoneWaitsForALock();
  });
  return outcome!;
}

async function untilSomeoneWaitsForALock() {
  for (let attempt = 0; attempt < 400; attempt++) {
    const waiting = await getDb().execute(
      sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('The request never waited for the uncommitted row');
}
