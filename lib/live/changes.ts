import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { isLiveResource as isLive, type LiveChange } from './resources';

/** The PostgreSQL channel committed changes are announced on, heard by every app instance's desk streams. */
export const LIVE_CHANNEL = 'loopdesk_live';

/**
 * Events that change nothing a desk shows: sign-ins and sign-outs (anyone on the internet can cause a
 * failed one) are kept for the audit log but not announced, or each would make every desk refetch.
 */
const unannounced = new Set<string>(['agent.signed_in', 'agent.sign_in_failed', 'agent.signed_out', 'agent.sessions_ended']);
export const isAnnounced = (eventType: string) => !unannounced.has(eventType);

// NOTIFY payloads stop at 8000 bytes; a bulk change of 100 tickets takes about 2 KB as pairs.
const MAX_PAYLOAD = 7_000;

/**
 * Announces changes with `pg_notify` on the caller's connection: inside a transaction the
 * notification is sent when it commits and never when it rolls back, so the desk hears only of
 * changes that happened, whichever app instance made them.
 */
export async function announceChanges(db: Db, changes: { resource: string; id: number | null }[]): Promise<void> {
  const pairs = [...new Set(changes.filter((c) => isLive(c.resource)).map((c) => JSON.stringify([c.resource, c.id])))];
  for (const payload of payloadsOf(pairs)) await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
}

function* payloadsOf(pairs: string[]): Generator<string> {
  let batch: string[] = [];
  let size = 2;
  for (const pair of pairs) {
    if (size + pair.length + 1 > MAX_PAYLOAD && batch.length > 0) {
      yield `[${batch.join(',')}]`;
      batch = [];
      size = 2;
    }
    batch.push(pair);
    size += pair.length + 1;
  }
  if (batch.length > 0) yield `[${batch.join(',')}]`;
}

/** The changes in a notification; anything malformed is dropped rather than trusted. */
export function changesOf(payload: string): LiveChange[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((pair): LiveChange[] => {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !isLive(pair[0])) return [];
    const id = pair[1];
    return [{ resource: pair[0], id: Number.isSafeInteger(id) ? (id as number) : null }];
  });
}
