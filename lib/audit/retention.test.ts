import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { events } from '@/db/schema';
import { systemContext } from '@/lib/context';
import { recordEvents, resourceEvent } from '@/lib/events';
import { deleteExpiredAuditEntries } from './retention';

async function entryAged(type: Parameters<typeof resourceEvent>[0], days: number) {
  const [row] = await recordEvents(systemContext(getDb(), 'retention-test'), [resourceEvent(type, 1, {})]);
  await getDb()
    .update(events)
    .set({ createdAt: sql`now() - make_interval(days => ${days})` })
    .where(eq(events.id, row!.id));
  return row!.id;
}

describe('deleteExpiredAuditEntries', () => {
  it('deletes entries past the retention, but never a ticket’s history, and nothing when retention is 0', async () => {
    const old = await entryAged('department.created', 400);
    const recent = await entryAged('department.updated', 10);
    const oldTicket = await entryAged('ticket.created', 400);

    expect(await deleteExpiredAuditEntries(getDb(), 0)).toBe(0);
    expect(await getDb().$count(events, inArray(events.id, [old, recent, oldTicket]))).toBe(3);

    expect(await deleteExpiredAuditEntries(getDb(), 365)).toBeGreaterThanOrEqual(1);
    const left = await getDb()
      .select({ id: events.id })
      .from(events)
      .where(inArray(events.id, [old, recent, oldTicket]));
    expect(left.map((r) => r.id).sort()).toEqual([recent, oldTicket].sort());
  });
});
