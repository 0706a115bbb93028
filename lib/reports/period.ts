import { sql, type SQL } from 'drizzle-orm';

const DAY = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A report period as the rollups read it (db/schema/report-rollups.ts). The UTC days it covers
 * whole, [fromDay, toDay), come from the per-day sums; the rest of it, [start, cutStart) and
 * [cutEnd, end] (the part-days at either end, or the whole period when it covers no whole day), from
 * the rows. Times go to raw SQL as ISO strings: drizzle leaves Date serialization to its column types.
 */
export type ReportPeriod = {
  start: string;
  end: string;
  cutStart: string;
  cutEnd: string;
  fromDay: string;
  toDay: string;
};

export function reportPeriod(start: Date, end: Date): ReportPeriod {
  const firstMidnight = Math.ceil(start.getTime() / DAY) * DAY;
  // The day holding `end` is always read from rows: `end` is usually 23:59:59, not the next midnight.
  const lastMidnight = Math.floor(end.getTime() / DAY) * DAY;
  const [cutStart, cutEnd] = firstMidnight < lastMidnight ? [firstMidnight, lastMidnight] : [start.getTime(), start.getTime()];
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    cutStart: new Date(cutStart).toISOString(),
    cutEnd: new Date(cutEnd).toISOString(),
    fromDay: utcDate(cutStart),
    toDay: utcDate(cutEnd),
  };
}

/** The per-day sums' days that the period covers whole. */
export const inWholeDays = (p: ReportPeriod, day: SQL) => sql`(${day} >= ${p.fromDay}::date and ${day} < ${p.toDay}::date)`;

/** A row's time in the rest of the period. */
export const inPartDays = (p: ReportPeriod, at: SQL) =>
  sql`(${at} >= ${p.start}::timestamptz and ${at} < ${p.cutStart}::timestamptz or ${at} >= ${p.cutEnd}::timestamptz and ${at} <= ${p.end}::timestamptz)`;

/** Every UTC day the period touches, as `day` dates. */
export const periodDays = (p: ReportPeriod) =>
  sql`select generate_series(date_trunc('day', ${p.start}::timestamptz at time zone 'UTC'), date_trunc('day', ${p.end}::timestamptz at time zone 'UTC'), interval '1 day')::date as day`;

/** A timestamptz column's UTC day. */
export const utcDay = (at: SQL) => sql`(${at} at time zone 'UTC')::date`;
