/** Inclusive ranges of 1-based ordinals (rows written), kept sorted and merged: [[1, 40000], [45001, 50000]]. */
export type Ranges = [number, number][];

export function addRange(ranges: Ranges, [from, to]: [number, number]): Ranges {
  const merged: Ranges = [];
  for (const [a, b] of [...ranges, [from, to] as [number, number]].sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

export const countRanges = (ranges: Ranges) => ranges.reduce((sum, [a, b]) => sum + b - a + 1, 0);

/** The ordinals of 1..total not in `ranges`, as ranges. */
export function missingRanges(ranges: Ranges, total: number): Ranges {
  const gaps: Ranges = [];
  let next = 1;
  for (const [a, b] of ranges) {
    if (a > next) gaps.push([next, Math.min(a - 1, total)]);
    next = Math.max(next, b + 1);
  }
  if (next <= total) gaps.push([next, total]);
  return gaps.filter(([a, b]) => a <= b);
}

/** Hands out the missing ordinals in pieces of the size asked for, lowest first; null when none is left. */
export function rangeClaimer(missing: Ranges) {
  let gap = 0;
  let next = missing[0]?.[0] ?? 0;
  return (size: number): [number, number] | null => {
    while (gap < missing.length && next > missing[gap]![1]) next = missing[++gap]?.[0] ?? 0;
    if (gap >= missing.length) return null;
    const to = Math.min(missing[gap]![1], next + size - 1);
    const claimed: [number, number] = [next, to];
    next = to + 1;
    return claimed;
  };
}
