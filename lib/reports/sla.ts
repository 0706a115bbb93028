import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { ReportPeriod } from './period';

const attainment = (met: number, breached: number) => ({ met, breached, rate: met + breached === 0 ? null : met / (met + breached) });

/**
 * SLA attainment in the period: of the first responses and the resolutions that came in it under
 * a target, how many within it. Read from the tickets through the partial indexes that hold only
 * measured tickets (tickets_sla_first_response_idx, tickets_sla_resolution_idx), index-only.
 * A ticket resolved, reopened and resolved again counts at its latest resolution.
 */
export async function slaAttainment(db: Db, p: ReportPeriod) {
  const [row] = await db.execute<{ fr_met: string; fr_missed: string; res_met: string; res_missed: string }>(sql`
    with fr as (
      select count(*) filter (where sla_first_response_met) as met, count(*) filter (where not sla_first_response_met) as missed from tickets
       where sla_first_response_met is not null and first_responded_at between ${p.start}::timestamptz and ${p.end}::timestamptz
    ), res as (
      select count(*) filter (where sla_resolution_met) as met, count(*) filter (where not sla_resolution_met) as missed from tickets
       where sla_resolution_met is not null and resolved_at between ${p.start}::timestamptz and ${p.end}::timestamptz
    )
    select fr.met as fr_met, fr.missed as fr_missed, res.met as res_met, res.missed as res_missed from fr, res`);
  return {
    first_response: attainment(Number(row?.fr_met ?? 0), Number(row?.fr_missed ?? 0)),
    resolution: attainment(Number(row?.res_met ?? 0), Number(row?.res_missed ?? 0)),
  };
}
