import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { arrivals, PERIOD_DAYS } from './calendar';
import { textArray } from './sql';
import { TOPICS } from './topics';
import * as words from './vocabulary';

/** Which of `texts` PostgreSQL's English search finds `word` in (the same parser and stemmer as tickets' search_vector). */
async function matching(texts: readonly string[], word: string): Promise<string[]> {
  const rows = await getDb().execute<{ text: string }>(sql`
    select text from unnest(${textArray(texts)}) as text
     where to_tsvector('english', text) @@ plainto_tsquery('english', ${word})`);
  return rows.map((r) => r.text);
}

const templates = [
  ...words.FIRST_RESPONSES,
  ...words.AGENT_FOLLOW_UPS,
  ...words.RESOLUTIONS,
  ...words.INTERNAL_NOTES,
  ...words.CUSTOMER_REPLIES,
  ...words.DEVICES,
];

describe('seed vocabulary', () => {
  it('puts the common word in every subject of some topics and nowhere else', async () => {
    const naming = TOPICS.filter((t) => t.subjects.some((s) => /\blogin\b/i.test(s)));
    for (const topic of naming) expect(await matching(topic.subjects, words.SEED_COMMON_WORD)).toEqual(topic.subjects);
    const elsewhere = [...TOPICS.filter((t) => !naming.includes(t)).flatMap((t) => [...t.subjects, ...t.descriptions, t.phrase]), ...templates, ...words.TERMS];
    expect(await matching(elsewhere, words.SEED_COMMON_WORD)).toEqual([]);
    expect(naming.reduce((sum, t) => sum + t.share, 0) / TOPICS.reduce((sum, t) => sum + t.share, 0)).toBe(0.25);
  });

  it('puts the rare word in the last, rarest term only', async () => {
    const everything = [...TOPICS.flatMap((t) => [...t.subjects, ...t.descriptions, t.phrase]), ...templates, ...words.TERMS];
    expect(await matching(everything, words.SEED_RARE_WORD)).toEqual([words.TERMS.at(-1)]);
  });

  it('schedules arrivals in ordinal order over the period, the same for a slice as for the whole', () => {
    const end = Date.UTC(2026, 5, 1) / 1000;
    const schedule = arrivals(end, 10_000);
    const all = schedule.times(1, 10_000);
    expect(all[0]).toBeGreaterThanOrEqual(end - PERIOD_DAYS * 86_400);
    expect(all.at(-1)).toBeLessThanOrEqual(end);
    expect(all.every((t, i) => i === 0 || t >= all[i - 1]!)).toBe(true);
    expect(schedule.times(4_321, 500)).toEqual(all.slice(4_320, 4_820));
  });
});
