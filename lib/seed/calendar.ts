/**
 * When a seeded desk's tickets arrive: over the two years before the seed's end, weighted by hour
 * so weekdays and office hours (UTC, a team around Europe) are busy, nights and weekends quiet,
 * the days around New Year slow, and the volume grows by half over the two years.
 *
 * Ticket k of n arrives where the cumulative weight reaches (k - 0.5) / n: arrival times grow with
 * the ordinal (so ticket ids follow creation time, as in a real desk) and depend only on (k, n, end).
 */

export const PERIOD_DAYS = 730;
const HOUR = 3600;

// Relative weight of each UTC hour of a weekday.
const WEEKDAY_HOURS = [0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.2, 2.2, 2.8, 3, 2.9, 2.4, 2.7, 2.9, 2.8, 2.5, 1.9, 1.3, 0.9, 0.7, 0.5, 0.35, 0.2];
const WEEKEND_FACTOR = 0.25;
const HOLIDAY_FACTOR = 0.4;
const GROWTH = 0.5;

function hourWeight(start: number, hour: number, hours: number): number {
  const at = new Date((start + hour * HOUR) * 1000);
  const day = at.getUTCDay();
  const month = at.getUTCMonth();
  const date = at.getUTCDate();
  const weekend = day === 0 || day === 6 ? WEEKEND_FACTOR : 1;
  const holiday = (month === 11 && date >= 24) || (month === 0 && date === 1) ? HOLIDAY_FACTOR : 1;
  return WEEKDAY_HOURS[at.getUTCHours()]! * weekend * holiday * (1 + (GROWTH * hour) / hours);
}

export type Arrivals = {
  /** The period's first second (epoch seconds). */
  start: number;
  /** Arrival times (whole epoch seconds) of tickets `first` to `first + count - 1` (1-based). */
  times(first: number, count: number): number[];
};

/** The arrival schedule of `total` tickets over the PERIOD_DAYS before `end` (epoch seconds). */
export function arrivals(end: number, total: number): Arrivals {
  const last = Math.floor(end / HOUR) * HOUR;
  const hours = PERIOD_DAYS * 24;
  const start = last - hours * HOUR;
  // cumulative[h] is the weight of hours before h: 17,520 numbers, whatever the ticket count.
  const cumulative = new Float64Array(hours + 1);
  for (let h = 0; h < hours; h++) cumulative[h + 1] = cumulative[h]! + hourWeight(start, h, hours);
  const totalWeight = cumulative[hours]!;

  function hourOf(target: number): number {
    let lo = 0;
    let hi = hours - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cumulative[mid]! <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  return {
    start,
    times(first, count) {
      const out: number[] = new Array(count);
      let h = hourOf(((first - 0.5) / total) * totalWeight);
      for (let k = 0; k < count; k++) {
        const target = ((first + k - 0.5) / total) * totalWeight;
        while (h < hours - 1 && cumulative[h + 1]! <= target) h++;
        const within = (target - cumulative[h]!) / (cumulative[h + 1]! - cumulative[h]!);
        out[k] = start + Math.floor((h + within) * HOUR);
      }
      return out;
    },
  };
}
