import { sql, type SQL } from 'drizzle-orm';

/**
 * A number in [0, 1) that depends only on `key` (a ticket's or reply's ordinal) and `salt` (which
 * decision it is for). Hashes rather than random(): a resumed seed draws the very same desk.
 * hashint8extended is PostgreSQL's hash for hash partitioning, stable across versions and platforms.
 */
export function unit(key: SQL, salt: number): SQL {
  return sql`((hashint8extended(${key}, ${sql.raw(String(salt))}) & 4294967295)::float8 / 4294967296.0)`;
}

/**
 * Upper bounds of each item's share of 0..1 but the last, for width_bucket(u, bounds): u falls in
 * item width_bucket(u, bounds) + 1 with probability weight / sum of weights.
 */
export function bucketBounds(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const bounds: number[] = [];
  let sum = 0;
  for (const w of weights.slice(0, -1)) {
    sum += w;
    bounds.push(sum / total);
  }
  return bounds;
}

const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A text[] parameter (drizzle would spread a JavaScript array into a list of parameters). */
export const textArray = (list: readonly string[]): SQL => sql`${`{${list.map(quoted).join(',')}}`}::text[]`;
export const intArray = (list: readonly number[]): SQL => sql`${`{${list.join(',')}}`}::int[]`;
export const floatArray = (list: readonly number[]): SQL => sql`${`{${list.join(',')}}`}::float8[]`;

/** A timestamptz from epoch seconds, and its JSON form as the API writes it (isoTime: whole seconds, Z). */
export const timeAt = (epoch: SQL): SQL => sql`to_timestamp(${epoch})`;
export const isoAt = (epoch: SQL): SQL => sql`to_char(to_timestamp(${epoch}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
