import { sql, type SQL } from 'drizzle-orm';
import { PERIOD_DAYS } from './calendar';
import type { SeedRun } from './run';
import { bucketBounds, floatArray, textArray, timeAt, unit } from './sql';
import { FIRST_NAMES, LAST_NAMES, ORGANISATIONS, zipfWeights } from './vocabulary';

/**
 * Customers signed up over the year before the period and the two years of it, one after the
 * other: customer j (1-based) of m at CUSTOMERS_FROM + (j - 1) / m of the way. A ticket created at
 * time c comes from one of the customers already there (customerOf).
 */
const YEAR_BEFORE = 365 * 86_400;
const customersFrom = (run: SeedRun) => run.end - (PERIOD_DAYS * 86_400 + YEAR_BEFORE);

const domainOf = (organisation: string) => `${organisation.toLowerCase().replace(/[^a-z]/g, '')}.example`;

/** Customers j in [first, first + count) of the run, as one INSERT ... SELECT. */
export function customerBatch(run: SeedRun, first: number, count: number): SQL {
  const j = sql`j`;
  const from = customersFrom(run);
  const signedUp = sql`${from} + floor((${run.end - from})::float8 * (j - 1) / ${run.customers})`;
  return sql`
    with v as (
      select ${textArray(FIRST_NAMES)} as first_names, ${textArray(LAST_NAMES)} as last_names,
             ${textArray(ORGANISATIONS)} as organisations, ${textArray(ORGANISATIONS.map(domainOf))} as domains,
             ${floatArray(bucketBounds(zipfWeights(ORGANISATIONS.length, 1)))} as organisation_bounds
    )
    insert into customers (id, first_name, last_name, email, phone, organization, created_at, updated_at)
    select ${run.customerBase} + j, v.first_names[x.f], v.last_names[x.l],
           lower(v.first_names[x.f] || '.' || v.last_names[x.l] || '.' || (${run.customerBase} + j) || '@' || v.domains[x.o]),
           case when ${unit(j, 104)} < 0.5 then '+44 20 7946 ' || lpad((j % 10000)::text, 4, '0') end,
           v.organisations[x.o], ${timeAt(signedUp)}, ${timeAt(signedUp)}
      from generate_series(${first}::bigint, ${first + count - 1}::bigint) as j
      cross join v
      cross join lateral (
        select 1 + floor(${unit(j, 101)} * cardinality(v.first_names))::int as f,
               1 + floor(${unit(j, 102)} * cardinality(v.last_names))::int as l,
               width_bucket(${unit(j, 103)}, v.organisation_bounds) + 1 as o
      ) x
     order by j`;
}

/**
 * The customer (ordinal) of a ticket created at epoch `created`, drawn with `u` in [0, 1): one
 * already signed up, earlier customers more often (they have had longer to need help).
 */
export function customerOf(run: SeedRun, created: SQL, u: SQL): SQL {
  const from = customersFrom(run);
  const there = sql`least(${run.customers}, floor(${run.customers}::float8 * (${created} - ${from}) / ${run.end - from})::int + 1)`;
  return sql`(1 + floor(${there} * power(${u}, 1.4))::int)`;
}
